import type { Executor } from '../store/store.js';
import { getFieldType } from './fields/registry.js';
import type { Collection } from './model.js';
import { rowToData, type RecordData } from './record.js';

/** A WHERE fragment with its bound values; `sql` uses `?` placeholders only. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

export const table = (db: Executor, c: Collection) => db.dialect.quote(c.name);

/** `lock`: inside a write transaction, hold the row until commit (Postgres `FOR UPDATE`). */
export async function findById(db: Executor, c: Collection, id: string, where?: SqlPart, lock = false): Promise<RecordData | undefined> {
  const t = table(db, c);
  const extra = where?.sql ? ` AND (${where.sql})` : '';
  const locked = lock ? db.dialect.lockRows() : '';
  const row = await db.get(db.dialect.finalize(`SELECT ${t}.* FROM ${t} WHERE ${t}.${db.dialect.quote('id')} = ?${extra} LIMIT 1${locked}`), [id, ...(where?.params ?? [])]);
  return row ? rowToData(c, row) : undefined;
}

export async function findByIds(db: Executor, c: Collection, ids: string[], where?: SqlPart): Promise<RecordData[]> {
  if (!ids.length) return [];
  const t = table(db, c);
  const extra = where?.sql ? ` AND (${where.sql})` : '';
  const marks = ids.map(() => '?').join(', ');
  const rows = await db.query(db.dialect.finalize(`SELECT ${t}.* FROM ${t} WHERE ${t}.${db.dialect.quote('id')} IN (${marks})${extra}`), [...ids, ...(where?.params ?? [])]);
  return rows.map((r) => rowToData(c, r));
}

function dbValues(c: Collection, data: RecordData): { cols: string[]; values: unknown[] } {
  const cols: string[] = [];
  const values: unknown[] = [];
  for (const f of c.fields) {
    cols.push(f.name);
    values.push(getFieldType(f.type).toDb(data[f.name], f));
  }
  return { cols, values };
}

export async function insertRecord(db: Executor, c: Collection, data: RecordData): Promise<void> {
  const { cols, values } = dbValues(c, data);
  const q = db.dialect.quote;
  await db.run(db.dialect.finalize(`INSERT INTO ${table(db, c)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`), values);
}

export async function updateRecord(db: Executor, c: Collection, id: string, data: RecordData): Promise<void> {
  const { cols, values } = dbValues(c, data);
  const q = db.dialect.quote;
  const set = cols.map((col) => `${q(col)} = ?`).join(', ');
  await db.run(db.dialect.finalize(`UPDATE ${table(db, c)} SET ${set} WHERE ${q('id')} = ?`), [...values, id]);
}

export async function deleteRow(db: Executor, c: Collection, id: string): Promise<void> {
  await db.run(db.dialect.finalize(`DELETE FROM ${table(db, c)} WHERE ${db.dialect.quote('id')} = ?`), [id]);
}

/** First record whose `field` equals `value` exactly. */
export async function findCollectionRecordBy(db: Executor, c: Collection, field: string, value: unknown): Promise<RecordData | undefined> {
  const q = db.dialect.quote;
  const row = await db.get(db.dialect.finalize(`SELECT * FROM ${q(c.name)} WHERE ${q(field)} = ? LIMIT 1`), [value]);
  return row ? rowToData(c, row) : undefined;
}

/** Records matching every condition, up to `limit` rows. */
export async function findWhere(db: Executor, c: Collection, where: SqlPart[], limit: number): Promise<RecordData[]> {
  const t = table(db, c);
  const conds = where.filter((w) => w.sql);
  const w = conds.length ? ' WHERE ' + conds.map((x) => `(${x.sql})`).join(' AND ') : '';
  const rows = await db.query(db.dialect.finalize(`SELECT ${t}.* FROM ${t}${w} LIMIT ?`), [...conds.flatMap((x) => x.params), limit]);
  return rows.map((r) => rowToData(c, r));
}
