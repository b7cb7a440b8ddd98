import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { authCollection, background } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';

type P = { Params: { collection: string } };

/**
 * POST /api/collections/:collection/request-password-reset   email a reset link (always 204)
 * POST /api/collections/:collection/confirm-password-reset   token + new password
 */
export function recordAuthPasswordResetRoutes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/request-password-reset', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    background(req, (await app.auth.passwordReset.request(c, data)).background, 'password reset email');
    return reply.status(204).send();
  });

  server.post<P>('/api/collections/:collection/confirm-password-reset', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    await app.auth.passwordReset.confirm(c, data);
    return reply.status(204).send();
  });
}
