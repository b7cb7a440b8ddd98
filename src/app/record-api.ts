import { NotFoundError } from '../lib/errors.js';
import type { Collections } from '../records/collections.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById, type SqlPart } from '../records/record-repo.js';
import { listRecords } from '../records/record-list.js';
import type { Records } from '../records/records.js';
import type { Access } from '../rules/access.js';
import type { RequestInfo } from '../rules/record-filter.js';
import type { Store, Tx } from '../store/store.js';

export interface FindOptions {
  filter?: string;
  /** `{:name}` placeholders in the filter, bound safely (strings quoted, numbers as is). */
  params?: Record<string, unknown>;
  sort?: string;
  page?: number;
  perPage?: number;
  /** Enforce the collection's rules as this caller; omitted = full access (trusted server code). */
  as?: RequestInfo;
  tx?: Tx;
}

/** Replaces `{:name}` with filter literals, so values never become filter syntax. */
export function bindFilter(filter: string, params: Record<string, unknown> = {}): string {
  return filter.replace(/\{:(\w+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v instanceof Date) return JSON.stringify(v.toISOString().replace('T', ' '));
    return JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v));
  });
}

/**
 * Records for server-side code (hooks, routes, jobs): the same write path and rules engine as
 * the REST API. Without `as`, rules are bypassed explicitly, as for a superuser.
 */
export class RecordApi {
  constructor(private store: Store, private collections: Collections, private records: Records, private access: Access) {}

  private collection(name: string): Collection {
    const c = this.collections.find(name);
    if (!c) throw new NotFoundError('Missing collection context.');
    return c;
  }

  private rule(c: Collection, key: 'listRule' | 'viewRule', as?: RequestInfo): SqlPart | undefined {
    return as ? this.access.ruleCondition(c, key, as) : undefined;
  }

  async find(collection: string, opts: FindOptions = {}): Promise<RecordData[]> {
    const c = this.collection(collection);
    const info = opts.as ?? { auth: null };
    const rule = this.rule(c, 'listRule', opts.as);
    const filter = opts.filter ? this.access.expression(c, bindFilter(opts.filter, opts.params), info) : undefined;
    const order = opts.sort ? this.access.sortExpression(c, opts.sort, info) : undefined;
    const where = [rule, filter].filter((w): w is SqlPart => !!w);
    const page = await listRecords(opts.tx ?? this.store, c, { page: opts.page ?? 1, perPage: opts.perPage ?? 1000, skipTotal: true, where, order });
    return page.items;
  }

  async findOne(collection: string, opts: FindOptions = {}): Promise<RecordData | undefined> {
    return (await this.find(collection, { ...opts, perPage: 1 }))[0];
  }

  async findById(collection: string, id: string, opts: { as?: RequestInfo; tx?: Tx } = {}): Promise<RecordData> {
    const c = this.collection(collection);
    const r = await findById(opts.tx ?? this.store, c, id, this.rule(c, 'viewRule', opts.as));
    if (!r) throw new NotFoundError();
    return r;
  }

  async create(collection: string, data: Record<string, unknown>, opts: { tx?: Tx } = {}): Promise<RecordData> {
    return this.records.create(this.collection(collection), data, { superuser: true, tx: opts.tx });
  }

  async update(collection: string, id: string, data: Record<string, unknown>, opts: { tx?: Tx } = {}): Promise<RecordData> {
    const c = this.collection(collection);
    const existing = await findById(opts.tx ?? this.store, c, id);
    if (!existing) throw new NotFoundError();
    return this.records.update(c, existing, data, { superuser: true, manager: true, tx: opts.tx });
  }

  async delete(collection: string, id: string, opts: { tx?: Tx } = {}): Promise<void> {
    const c = this.collection(collection);
    const existing = await findById(opts.tx ?? this.store, c, id);
    if (!existing) throw new NotFoundError();
    await this.records.delete(c, existing, { tx: opts.tx });
  }

  /** Runs `fn` in one transaction: every call given `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.store.transaction(fn);
  }
}
