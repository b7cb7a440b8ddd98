import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { isSuperuser } from '../../auth/auth-records.js';
import type { AuthMethod } from '../../auth/mfa.js';
import { authenticateWithPassword } from '../../auth/password-auth.js';
import { signToken } from '../../auth/tokens.js';
import { ForbiddenError } from '../../lib/errors.js';
import type { Collection } from '../../records/model.js';
import type { RecordData } from '../../records/record.js';
import { tagsOf } from '../../records/record-events.js';
import { findById } from '../../records/record-repo.js';
import { authCollection as findAuthCollection, background, requireCollectionAuth } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';
import { respondRecord } from '../record-helpers.js';
import { queryOf, requestInfo } from '../request-context.js';

type P = { Params: { collection: string } };

/**
 * GET  /api/collections/:collection/auth-methods        what sign-in methods the collection offers
 * POST /api/collections/:collection/auth-with-password  identity + password → token and record
 * POST /api/collections/:collection/auth-refresh        new token for the current auth record
 */
export function recordAuthRoutes(server: FastifyInstance, app: App): void {
  const authCollection = (name: string): Collection => findAuthCollection(app, name);

  server.get<P>('/api/collections/:collection/auth-methods', async (req) => {
    const c = authCollection(req.params.collection);
    const pw = c.passwordAuth!;
    const providers = app.auth.oauth2.providersInfo(c);
    return {
      password: { enabled: pw.enabled, identityFields: pw.enabled ? pw.identityFields : [] },
      oauth2: { enabled: Boolean(c.oauth2?.enabled), providers },
      mfa: { enabled: Boolean(c.mfa?.enabled), duration: c.mfa?.enabled ? c.mfa.duration : 0 },
      otp: { enabled: Boolean(c.otp?.enabled), duration: c.otp?.enabled ? c.otp.duration : 0 },
      authProviders: providers.map((p) => ({ ...p, logo: '' })),
      usernamePassword: pw.enabled && pw.identityFields.includes('username'),
      emailPassword: pw.enabled && pw.identityFields.includes('email'),
    };
  });

  server.post<P>('/api/collections/:collection/auth-with-password', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(req.params.collection);
    const { data } = await readBody(req);
    const record = await authenticateWithPassword(app.store, c, lowerKeys(data));
    return authResponse(app, req, reply, c, record, { method: 'password', mfaId: data.mfaId });
  });

  server.post<P>('/api/collections/:collection/auth-refresh', async (req, reply) => {
    const c = authCollection(req.params.collection);
    const auth = requireCollectionAuth(req, c);
    // A non-refreshable token (impersonation) is echoed back, never extended.
    const token = auth.refreshable === false ? String(req.headers.authorization ?? '').replace(/^bearer\s+/i, '') : undefined;
    return authResponse(app, req, reply, c, auth.record, { token });
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

export interface AuthResponseOptions {
  /** The sign-in method (`password`, `otp`, `oauth2`); none for refresh/impersonation: no MFA, no login alert. */
  method?: AuthMethod;
  /** Returned as is instead of a new refreshable token (impersonation, non-refreshable refresh). */
  token?: string;
  /** OAuth2's provider user. */
  meta?: Record<string, unknown>;
  /** The MFA session of a second factor, from the body (`?mfaId=` is read here). */
  mfaId?: unknown;
}

/**
 * `{token, record, meta?}` after the collection's authRule accepts the record and, when MFA
 * applies, a second factor completed it; a first factor alone answers 401 `{mfaId}`.
 */
export async function authResponse(app: App, req: FastifyRequest, reply: FastifyReply, c: Collection, record: RecordData, opts: AuthResponseOptions = {}) {
  await checkAuthRule(app, req, c, record);
  const method = opts.method ?? '';
  let result: Record<string, unknown> | undefined;
  const event = { collection: c, record, method: method || (opts.token ? 'impersonate' : 'refresh'), token: opts.token };
  await app.hooks.onRecordAuthRequest.trigger(event, async (e) => {
    const mfaId = queryOf(req).mfaId || (typeof opts.mfaId === 'string' ? opts.mfaId : '');
    const pending = await app.auth.mfa.check(c, e.record, method, mfaId, () => wantsMfa(app, req, c, e.record));
    if (pending) {
      result = { mfaId: pending };
      return;
    }
    e.token ??= await signToken(c, { id: e.record.id as string, tokenKey: String(e.record.tokenKey) }, 'auth', { refreshable: true });
    // The signed-in record sees itself: email included, hidden fields only for superusers.
    req.auth = { collection: c, record: e.record };
    if (method) background(req, app.auth.alerts.afterSignIn(c, e.record, req.ip, String(req.headers['user-agent'] ?? '')), 'login alert');
    result = { record: await respondRecord(app, req, c, e.record, { forceEmail: true }), token: e.token };
    if (opts.meta) result.meta = opts.meta;
  }, tagsOf(c));
  if (!result) throw new ForbiddenError();
  if ('mfaId' in result) return reply.status(401).send(result);
  return result;
}

/** The collection's MFA rule, evaluated against the signing-in record (empty: everyone). */
async function wantsMfa(app: App, req: FastifyRequest, c: Collection, record: RecordData): Promise<boolean> {
  const rule = c.mfa?.rule ?? '';
  if (!rule) return true;
  const cond = app.access.expression(c, rule, requestInfo(req));
  return Boolean(await findById(app.store, c, record.id as string, cond));
}

async function checkAuthRule(app: App, req: FastifyRequest, c: Collection, record: RecordData) {
  if (c.authRule === '' || isSuperuser(req.auth)) return;
  const denied = new ForbiddenError("The request doesn't satisfy the collection requirements to authenticate.");
  if (c.authRule === null || c.authRule === undefined) throw denied;
  const cond = app.access.ruleCondition(c, 'authRule', requestInfo(req));
  if (!(await findById(app.store, c, record.id as string, cond))) throw denied;
}
