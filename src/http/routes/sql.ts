import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { runSql, sqlQueryMax } from '../../app/sql-console.js';
import { BadRequestError, ValidationError, fieldError } from '../../lib/errors.js';
import { loadDataError, readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';

/**
 * POST /api/sql   the dashboard's SQL console (superusers): `{query}` → columns and rows as text
 */
export function sqlRoutes(server: FastifyInstance, app: App): void {
  server.post('/api/sql', { config: { malformedBody: loadDataError } }, async (req) => {
    requireSuperuser(req);
    const { data } = await readBody(req);
    const query = typeof data.query === 'string' ? data.query : data.query == null ? '' : String(data.query);
    if (!query) throw new ValidationError({ query: fieldError('validation_required', 'Cannot be blank.') });
    if ([...query].length > sqlQueryMax) throw new ValidationError({ query: fieldError('validation_length_too_long', `The length must be no more than ${sqlQueryMax}.`, { max: sqlQueryMax }) });
    try {
      return await runSql(app.store, query);
    } catch (err) {
      throw new BadRequestError(`Failed to execute query. Raw error:\n${(err as Error).message ?? String(err)}`);
    }
  });
}
