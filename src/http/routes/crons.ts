import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { requireSuperuser } from '../request-context.js';

/**
 * GET  /api/crons       scheduled jobs (user jobs by id, system jobs last)
 * POST /api/crons/:id   run a job now, in the background
 * Superuser-only.
 */
export function cronRoutes(root: FastifyInstance, app: App): void {
  root.register(async (server) => {
    server.addHook('preHandler', async (req) => requireSuperuser(req));
    server.get('/api/crons', async () => app.cron.list());
    server.post<{ Params: { id: string } }>('/api/crons/:id', async (req, reply) => {
      app.cron.runNow(req.params.id);
      return reply.status(204).send();
    });
  });
}
