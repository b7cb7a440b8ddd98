import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PlinthApi } from 'plinth';
import { BadRequestError, UnauthorizedError } from 'plinth';

/** A signature older (or newer) than this is refused: a captured call can't be replayed later. */
const toleranceSeconds = 300;

/** `Shop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, Stripe-style. */
function verify(header: string | undefined, body: Buffer, secret: string): void {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(t)) throw new UnauthorizedError('Missing or malformed signature.');
  if (Math.abs(Date.now() / 1000 - t) > toleranceSeconds) throw new UnauthorizedError('Signature timestamp outside the tolerance window.');
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('Invalid signature.');
}

/**
 * The payment provider calls this when a payment succeeds. The order is marked paid exactly
 * once: the payment row (unique event id) and the order update commit together, and a retried
 * call finds the payment already recorded and changes nothing. The buyer is emailed after commit.
 */
export default function (app: PlinthApi) {
  app.routerAdd('POST', '/api/shop/payment-webhook', async (e) => {
    const secret = process.env.SHOP_WEBHOOK_SECRET;
    if (!secret) throw new BadRequestError('The shop webhook secret is not configured.');
    const raw = await e.rawBody();
    verify(e.headers['shop-signature'], raw, secret);
    const event = (await e.body()) as { id?: string; type?: string; data?: { orderId?: string; amount?: number } };
    if (event.type !== 'payment.succeeded' || !event.id || !event.data?.orderId) throw new BadRequestError('Unsupported event.');
    const { id: eventId, data } = event;

    const outcome = await app.records.transaction(async () => {
      if (await app.records.findOne('payments', { filter: 'eventId = {:id}', params: { id: eventId } })) return 'duplicate' as const;
      const order = await app.records.findById('orders', data.orderId!);
      if (order.status === 'paid') return 'duplicate' as const;
      if (Number(data.amount) !== Number(order.total)) throw new BadRequestError('The paid amount does not match the order total.');
      await app.records.create('payments', { eventId, order: order.id, amount: data.amount });
      await app.records.update('orders', order.id as string, { status: 'paid', paidAt: new Date().toISOString(), paymentRef: eventId });
      return order;
    });
    if (outcome === 'duplicate') return { received: true, duplicate: true };

    const buyer = await app.records.findById('users', outcome.buyer as string);
    await app.sendMail({
      to: String(buyer.email),
      subject: `Order ${outcome.id} is paid`,
      html: `<p>Thanks! We received ${Number(outcome.total).toFixed(2)} for order <strong>${outcome.id}</strong>.</p>`,
    });
    return { received: true };
  });
}
