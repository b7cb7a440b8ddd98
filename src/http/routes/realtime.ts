import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { BadRequestError, fieldError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { RealtimeClient } from '../../realtime/realtime-client.js';
import type { SubscribeResult } from '../../realtime/broker.js';
import { readBody } from '../body.js';

const subscriptionsMax = 1000;
const subscriptionCharsMax = 2500;
const clientIdCharsMax = 255;

/**
 * GET  /api/realtime   open the SSE stream (PB_CONNECT carries the client id)
 * POST /api/realtime   replace the client's subscriptions and bind the caller's auth
 */
export function realtimeRoutes(server: FastifyInstance, app: App): void {
  server.get('/api/realtime', async (req, reply) => {
    // hooks may refuse the connection (throw) before the stream opens
    await app.hooks.onRealtimeConnectRequest.trigger({ clientId: '', ip: req.ip }, () => undefined);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
      'Access-Control-Allow-Origin': '*',
    });
    res.flushHeaders();
    const client = new RealtimeClient(res, req.ip, (c) => app.realtime.unregister(c));
    app.realtime.register(client);
    client.send('PB_CONNECT', { clientId: client.id });
  });

  server.post('/api/realtime', async (req, reply) => {
    const { data } = await readBody(req);
    const clientId = typeof data.clientId === 'string' ? data.clientId : '';
    const subs = Array.isArray(data.subscriptions) ? data.subscriptions : [];
    if (!clientId || clientId.length > clientIdCharsMax) throw new ValidationError({ clientId: fieldError('validation_required', 'Cannot be blank.') });
    if (subs.length > subscriptionsMax || subs.some((s) => typeof s !== 'string' || s.length > subscriptionCharsMax)) {
      throw new ValidationError({ subscriptions: fieldError('validation_length_too_long', `The length must be no more than ${subscriptionsMax}.`, { max: subscriptionsMax }) });
    }
    const e = { clientId, auth: req.auth, subscriptions: (subs as string[]).filter(Boolean) };
    let result = 'ok' as SubscribeResult;
    await app.hooks.onRealtimeSubscribeRequest.trigger(e, async (ev) => {
      result = await app.realtime.setSubscriptions(clientId, req.ip, req.auth, ev.subscriptions);
    });
    if (result === 'missing') throw new NotFoundError('Missing or invalid client id.');
    if (result === 'ip') throw new BadRequestError('Invalid realtime client.');
    if (result === 'auth') throw new ForbiddenError("The current and the previous request authorization don't match.");
    return reply.status(204).send();
  });
}
