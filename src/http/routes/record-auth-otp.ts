import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { authCollection, background } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';
import { authResponse } from './record-auth.js';

type P = { Params: { collection: string } };

/**
 * POST /api/collections/:collection/request-otp     email a one-time code → {otpId} (always 200)
 * POST /api/collections/:collection/auth-with-otp   otpId + code → token and record
 */
export function recordAuthOtpRoutes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/request-otp', { config: { malformedBody: loadDataError } }, async (req) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    const { otpId, background: mail } = await app.auth.otp.request(c, data);
    background(req, mail, 'OTP email');
    return { otpId };
  });

  server.post<P>('/api/collections/:collection/auth-with-otp', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    const record = await app.auth.otp.authenticate(c, data);
    return authResponse(app, req, reply, c, record, { method: 'otp', mfaId: data.mfaId });
  });
}
