import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { BadRequestError, fieldError, ValidationError } from '../../lib/errors.js';
import { scaffold } from '../../records/collection-defaults.js';
import { publicCollection } from '../../records/collection-normalize.js';
import { importFailure } from '../../records/collections.js';
import { collectionsTableModel, queryCollections } from '../../records/collections-table.js';
import { compileFilter, compileSort } from '../../rules/record-filter.js';
import { readBody } from '../body.js';
import { parseListParams } from '../list-params.js';
import { queryOf, requireSuperuser, requestInfo } from '../request-context.js';

const viewQueryCharsMax = 5000;

/**
 * GET    /api/collections                      list (filter/sort on id, name, type, system, created, updated)
 * POST   /api/collections                      create
 * GET    /api/collections/meta/scaffolds       blank models per type
 * POST   /api/collections/meta/dry-run-view    fields and sample rows of a view query
 * PUT    /api/collections/import               create/update many, optionally delete the rest
 * GET    /api/collections/:collection          view
 * PATCH  /api/collections/:collection          update (schema migrates, data kept)
 * DELETE /api/collections/:collection          delete
 * DELETE /api/collections/:collection/truncate delete every record
 * All superuser-only.
 */
export function collectionRoutes(root: FastifyInstance, app: App): void {
  root.register(async (server) => {
    server.addHook('preHandler', async (req) => requireSuperuser(req));
    routes(server, app);
  });
}

function routes(server: FastifyInstance, app: App): void {

  server.get('/api/collections', async (req) => {
    const p = parseListParams(queryOf(req));
    const opts = { collection: collectionsTableModel, alias: '_collections', findCollection: () => undefined, request: requestInfo(req), dialect: app.store.dialect, mode: 'rule' as const };
    const where = p.filter ? compileFilter(p.filter, opts) : { sql: '', params: [] };
    const order = p.sort ? compileSort(p.sort, opts) : { sql: '', params: [] };
    const { items, total } = await queryCollections(app.store, where.sql, where.params, order.sql, order.params, p.perPage, (p.page - 1) * p.perPage);
    const totalItems = p.skipTotal ? -1 : total;
    return { page: p.page, perPage: p.perPage, totalItems, totalPages: p.skipTotal ? -1 : Math.ceil(total / p.perPage), items: items.map(publicCollection) };
  });

  server.post('/api/collections', { config: { malformedBody: 'Failed to load the collection type data due to invalid formatting.' } }, async (req) => {
    const { data } = await readBody(req);
    return publicCollection(await app.collections.create(data));
  });

  server.get('/api/collections/meta/scaffolds', async () => ({
    auth: publicCollection(scaffold('auth')),
    base: publicCollection(scaffold('base')),
    view: publicCollection(scaffold('view')),
  }));

  server.post('/api/collections/meta/dry-run-view', async (req) => {
    const { data } = await readBody(req);
    const query = String(data.query ?? '');
    if (!query || query.length > viewQueryCharsMax) throw new ValidationError({ query: fieldError('validation_required', 'Cannot be blank.') });
    return app.collections.dryRunView(query);
  });

  server.put('/api/collections/import', async (req, reply) => {
    const { data } = await readBody(req);
    if (!Array.isArray(data.collections) || !data.collections.length) {
      throw new BadRequestError('An error occurred while validating the submitted data.', { collections: fieldError('validation_required', 'Cannot be blank.') });
    }
    try {
      await app.collections.import(data.collections, Boolean(data.deleteMissing));
    } catch (err) {
      throw importFailure(err);
    }
    return reply.status(204).send();
  });

  server.get<{ Params: { collection: string } }>('/api/collections/:collection', async (req) => publicCollection(app.collections.get(req.params.collection)));

  server.patch<{ Params: { collection: string } }>('/api/collections/:collection', async (req) => {
    const { data } = await readBody(req);
    return publicCollection(await app.collections.update(req.params.collection, data));
  });

  server.delete<{ Params: { collection: string } }>('/api/collections/:collection', async (req, reply) => {
    await app.collections.delete(req.params.collection);
    return reply.status(204).send();
  });

  server.delete<{ Params: { collection: string } }>('/api/collections/:collection/truncate', async (req, reply) => {
    const c = app.collections.get(req.params.collection);
    if (c.type === 'view') throw new BadRequestError("View collections cannot be truncated since they don't store their own records.");
    await app.records.truncate(c);
    return reply.status(204).send();
  });
}
