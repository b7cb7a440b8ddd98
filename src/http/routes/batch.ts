import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { ApiError, BadRequestError, fieldError, ForbiddenError, type ErrorData } from '../../lib/errors.js';
import { findById } from '../../records/record-repo.js';
import { readBody } from '../body.js';
import { errorBody } from '../errors.js';

const batchUrlCharsMax = 2000;
const batchMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const recordsUrl = /^\/api\/collections\/([^/?]+)\/records(?:\/([^/?]+))?(?:\?.*)?$/;

interface SubRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

class SubRequestFailed extends Error {
  constructor(readonly index: number, readonly status: number, readonly body: unknown) {
    super('batch sub-request failed');
  }
}

/**
 * POST /api/batch   record writes across collections in one transaction, all or nothing.
 * Each sub-request runs through the normal record routes (same rules, hooks and events), as the
 * batch's caller, inside the outer transaction; the first failure rolls everything back.
 */
export function batchRoutes(server: FastifyInstance, app: App): void {
  server.post('/api/batch', { bodyLimit: 128 << 20 }, async (req) => {
    const settings = app.settings.get().batch;
    if (!settings.enabled) throw new ForbiddenError('Batch requests are not allowed.');
    const requests = await parseRequests(req, settings.maxRequests);
    const timeoutMs = (settings.timeout || 3) * 1000;
    try {
      return await app.store.transaction(async () => {
        const results: { status: number; body: unknown }[] = [];
        const deadline = Date.now() + timeoutMs;
        for (const [i, sub] of requests.entries()) {
          if (Date.now() > deadline) throw new BadRequestError('Batch transaction failed.');
          const r = await runOne(server, app, req, await resolveUpsert(app, sub));
          if (r.status >= 400) throw new SubRequestFailed(i, r.status, r.body);
          results.push(r);
        }
        return results;
      });
    } catch (err) {
      if (!(err instanceof SubRequestFailed)) throw err instanceof ApiError ? err : new BadRequestError('Batch transaction failed.');
      const response = err.body && typeof err.body === 'object' ? err.body : errorBody(new ApiError(err.status));
      throw new BadRequestError('Batch transaction failed.', {
        requests: { [String(err.index)]: { code: 'batch_request_failed', message: 'Batch request failed.', response } as unknown as ErrorData },
      });
    }
  });
}

async function parseRequests(req: FastifyRequest, max: number): Promise<SubRequest[]> {
  let data: Record<string, unknown>;
  try {
    ({ data } = await readBody(req));
  } catch {
    throw new BadRequestError('Failed to read the submitted batch data.');
  }
  const list = data.requests;
  const invalid = (e: ErrorData) => new BadRequestError('Invalid batch request data.', e);
  if (!Array.isArray(list) || list.length === 0) throw invalid({ requests: fieldError('validation_required', 'Cannot be blank.') });
  if (list.length > max) throw invalid({ requests: fieldError('validation_length_too_long', `The length must be no more than ${max}.`, { max }) });
  return list.map((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const method = String(r.method ?? '').toUpperCase();
    const url = String(r.url ?? '');
    const errors: ErrorData = {};
    if (!batchMethods.includes(method)) errors.method = fieldError('validation_in_invalid', 'Must be a valid value.');
    if (!url) errors.url = fieldError('validation_required', 'Cannot be blank.');
    else if (url.length > batchUrlCharsMax) errors.url = fieldError('validation_length_too_long', `The length must be no more than ${batchUrlCharsMax}.`, { max: batchUrlCharsMax });
    if (Object.keys(errors).length) throw invalid({ requests: { [String(i)]: errors } });
    const headers = Object.fromEntries(Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const body = r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? (r.body as Record<string, unknown>) : {};
    return { method, url, headers, body };
  });
}

/** `PUT …/records` is an upsert: update when the body's id exists, create otherwise. */
async function resolveUpsert(app: App, sub: SubRequest): Promise<SubRequest> {
  const m = recordsUrl.exec(sub.url);
  if (sub.method !== 'PUT' || !m || m[2]) return sub;
  const c = app.collections.find(decodeURIComponent(m[1]));
  const id = typeof sub.body.id === 'string' ? sub.body.id : '';
  const query = sub.url.includes('?') ? sub.url.slice(sub.url.indexOf('?')) : '';
  if (c && id && (await findById(app.store, c, id))) {
    return { ...sub, method: 'PATCH', url: `/api/collections/${m[1]}/records/${encodeURIComponent(id)}${query}` };
  }
  return { ...sub, method: 'POST' };
}

/** Runs one sub-request through the router; only record routes may be batched. */
async function runOne(server: FastifyInstance, _app: App, outer: FastifyRequest, sub: SubRequest) {
  const m = recordsUrl.exec(sub.url);
  const allowed = m && ((sub.method === 'POST' && !m[2]) || (['PATCH', 'DELETE', 'GET'].includes(sub.method) && m[2]) || (sub.method === 'GET' && !m[2]));
  if (!allowed) return { status: 404, body: errorBody(new ApiError(404)) };
  const { authorization: _ignored, ...headers } = sub.headers;
  const res = await server.inject({
    method: sub.method as 'POST',
    url: sub.url,
    headers: { ...headers, 'content-type': 'application/json', ...(outer.headers.authorization ? { authorization: outer.headers.authorization } : {}) },
    payload: sub.method === 'GET' || sub.method === 'DELETE' ? undefined : JSON.stringify(sub.body),
    remoteAddress: outer.ip,
  });
  const text = res.body;
  return { status: res.statusCode, body: text ? JSON.parse(text) : null };
}
