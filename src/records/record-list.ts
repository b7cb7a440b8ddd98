import type { Executor } from '../store/store.js';
import type { Collection } from './model.js';
import { rowToData, type RecordData } from './record.js';
import { table, type SqlPart } from './record-repo.js';

export interface ListQuery {
  page: number;
  perPage: number;
  skipTotal: boolean;
  /** ANDed conditions (rule, client filter). */
  where: SqlPart[];
  order?: SqlPart;
}

export interface ListResult<T = RecordData> {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: T[];
}

/** One page of a collection's rows; the COUNT query runs only when the total is wanted. */
export async function listRecords(db: Executor, c: Collection, q: ListQuery): Promise<ListResult> {
  const t = table(db, c);
  const conds = q.where.filter((w) => w.sql);
  const where = conds.length ? ' WHERE ' + conds.map((w) => `(${w.sql})`).join(' AND ') : '';
  const whereParams = conds.flatMap((w) => w.params);
  // no sort: storage order, as PocketBase on SQLite lists rows (views have no storage order)
  const natural = c.type === 'view' ? '' : db.dialect.storageOrder(t);
  const order = q.order?.sql ? ` ORDER BY ${q.order.sql}` : natural ? ` ORDER BY ${natural}` : '';
  const sql = `SELECT ${t}.* FROM ${t}${where}${order} LIMIT ? OFFSET ?`;
  const rows = await db.query(db.dialect.finalize(sql), [...whereParams, ...(q.order?.params ?? []), q.perPage, (q.page - 1) * q.perPage]);
  let totalItems = -1;
  let totalPages = -1;
  if (!q.skipTotal) {
    const r = await db.get<{ n: number }>(db.dialect.finalize(`SELECT COUNT(*) AS n FROM ${t}${where}`), whereParams);
    totalItems = Number(r?.n ?? 0);
    totalPages = Math.ceil(totalItems / q.perPage);
  }
  return { page: q.page, perPage: q.perPage, totalItems, totalPages, items: rows.map((r) => rowToData(c, r)) };
}
