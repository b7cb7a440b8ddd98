import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, defaultMessages, isApiError, sentenize } from '../lib/errors.js';

/**
 * The one place errors become PocketBase's `{status, message, data}`. Internal error text never
 * reaches clients; framework errors (bad JSON, too large, bad content type) map to their statuses.
 */
export function toApiError(err: unknown): ApiError {
  if (isApiError(err)) return err;
  const fe = err as FastifyError;
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ApiError(413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(400, 'Unsupported Content-Type.');
    case 'FST_ERR_NOT_FOUND':
      return new ApiError(404);
  }
  if (fe?.statusCode === 413) return new ApiError(413);
  if (fe?.statusCode === 404 || /no such file|not found/i.test(fe?.message ?? '')) return new ApiError(404);
  // Anything else (JSON syntax errors, driver errors) is a generic 400, never its raw text.
  return new ApiError(fe?.statusCode && fe.statusCode >= 500 ? 500 : 400);
}

export function errorBody(e: ApiError) {
  return { data: e.data, message: sentenize(e.message || defaultMessages[e.status] || ''), status: e.status };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const e = toApiError(err);
  if (e.status >= 500 || !isApiError(err)) req.log.warn({ err }, 'request failed');
  reply.status(e.status);
  if (req.method === 'HEAD') return reply.send();
  return reply.type('application/json').send(errorBody(e));
}

/** No route: GET (and HEAD) fall to the static-file handler in PocketBase, hence its message. */
export function routeNotFound(method: string): ApiError {
  return new ApiError(404, method === 'GET' || method === 'HEAD' ? 'File not found.' : undefined);
}
