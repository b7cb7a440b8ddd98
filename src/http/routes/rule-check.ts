import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { FilterError } from '../../filter/filter-error.js';
import { ApiError } from '../../lib/errors.js';
import { normalizeCollection } from '../../records/collection-normalize.js';
import type { Collection } from '../../records/model.js';
import { compileFilter } from '../../rules/record-filter.js';
import { readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';

/**
 * POST /api/collections/meta/rule-check   {rule, collection?}: compiles an API rule against a
 *      collection draft (unsaved fields count) → {ok, message, position}. Superuser-only.
 *      A Plinth addition for the dashboard's rule editor: PocketBase only checks rules on save.
 */
export function ruleCheckRoutes(server: FastifyInstance, app: App): void {
  server.post('/api/collections/meta/rule-check', async (req) => {
    requireSuperuser(req);
    const { data } = await readBody(req);
    const rule = String(data.rule ?? '');
    if (!rule.trim()) return { ok: true, message: '', position: -1 };
    let c: Collection;
    try {
      const draft = (data.collection ?? {}) as { id?: unknown };
      const existing = typeof draft.id === 'string' && draft.id ? app.collections.find(draft.id) : undefined;
      c = normalizeCollection(draft, existing);
    } catch (err) {
      return { ok: false, message: err instanceof ApiError ? err.message : String(err), position: -1 };
    }
    try {
      compileFilter(rule, {
        collection: c,
        alias: app.store.dialect.quote(c.name || 'draft'),
        findCollection: (k) => (k === c.id || k.toLowerCase() === c.name.toLowerCase() ? c : app.collections.find(k)),
        request: { auth: null, body: {}, query: {}, headers: {}, method: 'GET', context: 'default' },
        dialect: app.store.dialect,
        mode: 'rule',
      });
      return { ok: true, message: '', position: -1 };
    } catch (err) {
      if (err instanceof FilterError) return { ok: false, message: err.detail, position: err.position };
      return { ok: false, message: err instanceof ApiError ? err.message : String(err), position: -1 };
    }
  });
}
