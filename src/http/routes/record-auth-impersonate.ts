import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { authCollection } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';
import { authResponse } from './record-auth.js';

type P = { Params: { collection: string; id: string } };

/**
 * POST /api/collections/:collection/impersonate/:id   superuser → non-refreshable token for the record
 */
export function recordAuthImpersonateRoutes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/impersonate/:id', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    requireSuperuser(req);
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    const { record, token } = await app.auth.impersonate.token(c, req.params.id, data);
    return authResponse(app, req, reply, c, record, { token });
  });
}
