import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { authCollection, background } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';

type P = { Params: { collection: string } };

/**
 * POST /api/collections/:collection/request-verification   email a verification link (always 204)
 * POST /api/collections/:collection/confirm-verification   token → verified
 */
export function recordAuthVerificationRoutes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/request-verification', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    background(req, (await app.auth.verification.request(c, data)).background, 'verification email');
    return reply.status(204).send();
  });

  server.post<P>('/api/collections/:collection/confirm-verification', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    await app.auth.verification.confirm(c, data);
    return reply.status(204).send();
  });
}
