import type { PlinthApi } from 'plinth';
import { BadRequestError } from 'plinth';

interface Item {
  product: string;
  qty: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Orders are priced on the server: whatever a client sends for subtotal, tax, total or status is
 * replaced inside the write's transaction, and stock is taken in that same transaction, so an
 * order that fails (out of stock, bad item) changes nothing.
 */
export default function (app: PlinthApi) {
  app.onRecordCreate(async (e) => {
    const items = Array.isArray(e.record.items) ? (e.record.items as Item[]) : [];
    if (!items.length) throw new BadRequestError('An order needs at least one item.');
    let subtotal = 0;
    let tax = 0;
    for (const item of items) {
      const qty = Number(item?.qty);
      if (!Number.isInteger(qty) || qty <= 0) throw new BadRequestError('Each item needs a whole, positive qty.');
      const product = await app.records.findById('products', String(item.product)).catch(() => {
        throw new BadRequestError(`Unknown product "${item.product}".`);
      });
      const stock = Number(product.stock);
      if (stock < qty) throw new BadRequestError(`Not enough stock for ${product.name}.`);
      await app.records.update('products', product.id as string, { 'stock-': qty });
      const line = Number(product.price) * qty;
      subtotal += line;
      tax += line * Number(product.taxRate ?? 0);
    }
    e.record.subtotal = round2(subtotal);
    e.record.tax = round2(tax);
    e.record.total = round2(subtotal + tax);
    e.record.status = 'pending';
    e.record.paidAt = '';
    e.record.paymentRef = '';
    await e.next();
  }, 'orders');
}
