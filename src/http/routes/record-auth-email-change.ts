import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { authCollection, requireCollectionAuth } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';

type P = { Params: { collection: string } };

/**
 * POST /api/collections/:collection/request-email-change   signed in: email a confirmation to the new address
 * POST /api/collections/:collection/confirm-email-change   token + current password → new email
 */
export function recordAuthEmailChangeRoutes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/request-email-change', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const auth = requireCollectionAuth(req, c);
    const { data } = await readBody(req);
    await app.auth.emailChange.request(c, auth.record, data);
    return reply.status(204).send();
  });

  server.post<P>('/api/collections/:collection/confirm-email-change', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    await app.auth.emailChange.confirm(c, data);
    return reply.status(204).send();
  });
}
