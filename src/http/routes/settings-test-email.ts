import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { loadDataError, readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';

/**
 * POST /api/settings/test/email   send one auth template to an address (SMTP check)
 */
export function settingsTestEmailRoutes(server: FastifyInstance, app: App): void {
  server.post('/api/settings/test/email', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    requireSuperuser(req);
    const { data } = await readBody(req);
    await app.auth.testEmail(data);
    return reply.status(204).send();
  });
}
