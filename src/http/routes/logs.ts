import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { LogFilterError } from '../../logs/log-store.js';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { parseListParams } from '../list-params.js';
import { queryOf, requireSuperuser } from '../request-context.js';

/**
 * GET /api/logs         paged list (`filter`/`sort` over id, created, level, message, data.*)
 * GET /api/logs/stats   requests per hour `[{total, date}]`, optionally filtered
 * GET /api/logs/{id}    one entry
 */
export function logRoutes(server: FastifyInstance, app: App): void {
  const badFilter = (fn: () => unknown) => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof LogFilterError || (err as { code?: string }).code === 'SQLITE_ERROR') throw new BadRequestError('Invalid filter parameters.');
      throw err;
    }
  };
  server.get('/api/logs', async (req) => {
    requireSuperuser(req);
    const p = parseListParams(queryOf(req));
    return badFilter(() => app.logs.list(p));
  });
  server.get('/api/logs/stats', async (req) => {
    requireSuperuser(req);
    return badFilter(() => app.logs.stats(queryOf(req).filter));
  });
  server.get<{ Params: { id: string } }>('/api/logs/:id', async (req) => {
    requireSuperuser(req);
    const entry = app.logs.get(req.params.id);
    if (!entry) throw new NotFoundError();
    return entry;
  });
}
