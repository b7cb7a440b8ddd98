import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { NotFoundError } from '../../lib/errors.js';
import { webhookTopic } from '../../outbox/webhooks.js';
import { queryOf, requireSuperuser } from '../request-context.js';

type Body = Record<string, unknown>;

/**
 * GET    /api/webhooks                               endpoints
 * POST   /api/webhooks                               add one (url, collections, actions, filter, secret, enabled)
 * GET    /api/webhooks/deliveries                    delivery log (?webhook=&status=&page=&perPage=)
 * POST   /api/webhooks/deliveries/:id/replay         send a delivered or dead entry again
 * GET    /api/webhooks/:id
 * PATCH  /api/webhooks/:id
 * DELETE /api/webhooks/:id
 * Superuser-only. The process serving HTTP also runs the outbox dispatcher.
 */
export function webhookRoutes(root: FastifyInstance, app: App): void {
  root.addHook('onReady', async () => app.outbox.start());
  root.addHook('onClose', async () => app.outbox.stop());
  root.register(async (server) => {
    server.addHook('preHandler', async (req) => requireSuperuser(req));
    server.get('/api/webhooks', async () => ({ items: await app.webhooks.list() }));
    server.post<{ Body: Body }>('/api/webhooks', async (req) => app.webhooks.create(req.body ?? {}));
    server.get('/api/webhooks/deliveries', async (req) => {
      const q = queryOf(req);
      return app.webhooks.deliveries({ webhook: q.webhook, status: q.status, page: Number(q.page) || 1, perPage: Number(q.perPage) || 30 });
    });
    server.post<{ Params: { id: string } }>('/api/webhooks/deliveries/:id/replay', async (req, reply) => {
      const entry = await app.outbox.get(req.params.id);
      if (!entry || entry.topic !== webhookTopic) throw new NotFoundError();
      await app.outbox.replay(entry.id);
      return reply.status(204).send();
    });
    server.get<{ Params: { id: string } }>('/api/webhooks/:id', async (req) => app.webhooks.get(req.params.id));
    server.patch<{ Params: { id: string }; Body: Body }>('/api/webhooks/:id', async (req) => app.webhooks.update(req.params.id, req.body ?? {}));
    server.delete<{ Params: { id: string } }>('/api/webhooks/:id', async (req, reply) => {
      await app.webhooks.delete(req.params.id);
      return reply.status(204).send();
    });
  });
}
