import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import { NotFoundError } from '../lib/errors.js';
import { expandAs } from '../rules/expand-as.js';
import type { Collection } from '../records/model.js';
import { publicRecord, type RecordData } from '../records/record.js';
import { findById } from '../records/record-repo.js';
import { queryOf, requestInfo, viewerOf } from './request-context.js';

/** Shared steps of record handlers: load by rule, expand, serialize for the caller. */

/** PocketBase words a missing collection differently for reads/deletes and for writes with a body. */
export function collectionOf(app: App, name: string, withBody = false): Collection {
  const c = app.collections.find(name);
  if (!c) throw new NotFoundError(withBody ? 'Missing or invalid collection context.' : 'Missing collection context.');
  return c;
}

/** The record if it exists and the rule lets the caller reach it; 404 otherwise (403 for a locked rule). */
export async function loadByRule(app: App, req: FastifyRequest, c: Collection, id: string, rule: 'viewRule' | 'updateRule' | 'deleteRule', body?: Record<string, unknown>): Promise<RecordData> {
  const cond = app.access.ruleCondition(c, rule, requestInfo(req, body));
  const r = await findById(app.store, c, id, cond);
  if (!r) throw new NotFoundError();
  return r;
}

/** Expands `?expand=` through each related collection's view rule, as the caller. */
export async function expandFor(app: App, req: FastifyRequest, c: Collection, records: RecordData[]): Promise<void> {
  const expand = queryOf(req).expand ?? '';
  if (expand) await expandAs(app.store, app.access, app.collections, c, records, expand, requestInfo(req));
}

export async function respondRecord(app: App, req: FastifyRequest, c: Collection, r: RecordData, opts: { forceEmail?: boolean } = {}) {
  await expandFor(app, req, c, [r]);
  return publicRecord(c, r, viewerOf(req), opts);
}
