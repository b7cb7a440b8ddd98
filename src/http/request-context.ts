import type { FastifyRequest } from 'fastify';
import { isSuperuser, recordFromToken, tokenFromHeader, type AuthInfo } from '../auth/auth-records.js';
import type { App } from '../app/app.js';
import type { RequestInfo } from '../rules/record-filter.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import type { Viewer } from '../records/record.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's auth record, resolved once per request; null for guests and bad tokens. */
    auth: AuthInfo | null;
  }
}

/** Resolves `Authorization` once; an invalid token is silently a guest, as PocketBase does. */
export async function resolveAuth(app: App, req: FastifyRequest): Promise<void> {
  const token = tokenFromHeader(req.headers.authorization);
  req.auth = token ? await recordFromToken(app.store, (id) => app.collections.find(id), token, 'auth') : null;
}

/** First value of each query parameter, as strings. */
export function queryOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  }
  return out;
}

/** Header names as rules see them: lower snake_case (`X-Token` → `x_token`). */
function headersOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase().replace(/-/g, '_')] = Array.isArray(v) ? v.join(',') : String(v ?? '');
  return out;
}

/** Query and headers are copied only when something reads them: most rules never do. */
export function requestInfo(req: FastifyRequest, body?: Record<string, unknown>, context = 'default'): RequestInfo {
  let query: Record<string, string> | undefined;
  let headers: Record<string, string> | undefined;
  return {
    auth: req.auth,
    body: body ?? {},
    get query() {
      return (query ??= queryOf(req));
    },
    get headers() {
      return (headers ??= headersOf(req));
    },
    method: req.method,
    context,
  };
}

export function viewerOf(req: FastifyRequest): Viewer {
  return { superuser: isSuperuser(req.auth), authId: req.auth?.record.id as string | undefined };
}

export function requireSuperuser(req: FastifyRequest): void {
  if (!req.auth) throw new UnauthorizedError('The request requires valid record authorization token.');
  if (!isSuperuser(req.auth)) throw new ForbiddenError('The authorized record is not allowed to perform this action.');
}
