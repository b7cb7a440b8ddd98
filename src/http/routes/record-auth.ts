import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { isSuperuser, type AuthInfo } from '../../auth/auth-records.js';
import { authenticateWithPassword } from '../../auth/password-auth.js';
import { signToken } from '../../auth/tokens.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import type { Collection } from '../../records/model.js';
import type { RecordData } from '../../records/record.js';
import { findById } from '../../records/record-repo.js';
import { readBody } from '../body.js';
import { respondRecord } from '../record-helpers.js';
import { requestInfo } from '../request-context.js';

type P = { Params: { collection: string } };

/**
 * GET  /api/collections/:collection/auth-methods        what sign-in methods the collection offers
 * POST /api/collections/:collection/auth-with-password  identity + password → token and record
 * POST /api/collections/:collection/auth-refresh        new token for the current auth record
 */
export function recordAuthRoutes(server: FastifyInstance, app: App): void {
  const authCollection = (name: string): Collection => {
    const c = app.collections.find(name);
    if (!c || c.type !== 'auth') throw new NotFoundError('Missing or invalid auth collection context.');
    return c;
  };

  server.get<P>('/api/collections/:collection/auth-methods', async (req) => {
    const c = authCollection(req.params.collection);
    const pw = c.passwordAuth!;
    return {
      password: { enabled: pw.enabled, identityFields: pw.enabled ? pw.identityFields : [] },
      oauth2: { enabled: false, providers: [] },
      mfa: { enabled: Boolean(c.mfa?.enabled), duration: c.mfa?.enabled ? c.mfa.duration : 0 },
      otp: { enabled: Boolean(c.otp?.enabled), duration: c.otp?.enabled ? c.otp.duration : 0 },
      authProviders: [],
      usernamePassword: pw.enabled && pw.identityFields.includes('username'),
      emailPassword: pw.enabled && pw.identityFields.includes('email'),
    };
  });

  server.post<P>('/api/collections/:collection/auth-with-password', async (req) => {
    const c = authCollection(req.params.collection);
    const { data } = await readBody(req);
    const record = await authenticateWithPassword(app.store, c, lowerKeys(data));
    return authResponse(app, req, c, record, true);
  });

  server.post<P>('/api/collections/:collection/auth-refresh', async (req) => {
    const c = authCollection(req.params.collection);
    const auth = req.auth as (AuthInfo & { refreshable?: boolean }) | null;
    if (!auth) throw new UnauthorizedError('The request requires valid record authorization token.');
    if (auth.collection.id !== c.id) throw new ForbiddenError(`The request requires auth record from ${c.name} collection.`);
    return authResponse(app, req, c, auth.record, auth.refreshable !== false);
  });
}

/** Auth forms match keys case-insensitively (`Identity`, `PASSWORD`). */
function lowerKeys(data: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const key = k.toLowerCase() === 'identityfield' ? 'identityField' : k.toLowerCase();
    out[key] = v;
  }
  return out;
}

/** `{token, record}` after the collection's authRule accepts the record. */
async function authResponse(app: App, req: FastifyRequest, c: Collection, record: RecordData, newToken: boolean) {
  await checkAuthRule(app, req, c, record);
  const token = newToken
    ? await signToken(c, { id: record.id as string, tokenKey: String(record.tokenKey) }, 'auth', { refreshable: true })
    : String(req.headers.authorization ?? '').replace(/^bearer\s+/i, '');
  // The signed-in record sees itself: email included, hidden fields only for superusers.
  req.auth = { collection: c, record };
  return { record: await respondRecord(app, req, c, record, { forceEmail: true }), token };
}

async function checkAuthRule(app: App, req: FastifyRequest, c: Collection, record: RecordData) {
  if (c.authRule === '' || isSuperuser(req.auth)) return;
  const denied = new ForbiddenError("The request doesn't satisfy the collection requirements to authenticate.");
  if (c.authRule === null || c.authRule === undefined) throw denied;
  const cond = app.access.ruleCondition(c, 'authRule', requestInfo(req));
  if (!(await findById(app.store, c, record.id as string, cond))) throw denied;
}
