import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';

/**
 * GET /api/push/vapid    {publicKey}: the `applicationServerKey` browsers subscribe with (public)
 * Subscriptions themselves are records of `_pushSubscriptions`, managed through the records API.
 */
export function pushRoutes(server: FastifyInstance, app: App): void {
  // made before the first client asks, so a fresh node does not answer its first request late
  server.addHook('onReady', async () => void app.push.vapidKeys().catch(() => undefined));
  server.get('/api/push/vapid', async () => ({ publicKey: (await app.push.vapidKeys()).publicKey }));
}
