import { getFieldType } from '../records/fields/registry.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { SqlPart } from '../records/record-repo.js';
import type { Executor } from '../store/store.js';

/**
 * Does a record, as carried by an event, satisfy a compiled condition? The condition runs against
 * a one-row CTE named like the collection's table, so it needs no re-read of the row (deleted rows
 * included) and works on any node that receives the event.
 */
export async function snapshotMatches(db: Executor, c: Collection, record: RecordData, cond: SqlPart): Promise<boolean> {
  const q = db.dialect.quote;
  // typed like the table's columns: nothing else tells Postgres what a bare `?` holds
  const cols = c.fields.map((f) => `${db.dialect.bindAs('?', getFieldType(f.type).column(f))} AS ${q(f.name)}`).join(', ');
  const values = c.fields.map((f) => getFieldType(f.type).toDb(record[f.name], f));
  const sql = `WITH ${q(c.name)} AS (SELECT ${cols}) SELECT 1 AS ok FROM ${q(c.name)} WHERE (${cond.sql}) LIMIT 1`;
  const row = await db.get(db.dialect.finalize(sql), [...values, ...cond.params]);
  return Boolean(row);
}
