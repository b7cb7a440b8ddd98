import { BadRequestError } from '../lib/errors.js';
import type { Executor } from '../store/store.js';
import { isMultiple, type Collection, type Field } from './model.js';
import { rowToData, type RecordData } from './record.js';
import type { CollectionLookup } from './record-save.js';

export interface CascadeOps {
  update(c: Collection, record: RecordData, body: Record<string, unknown>): Promise<unknown>;
  delete(c: Collection, record: RecordData): Promise<void>;
}

/** Referencing rows handled per batch; bounds memory when a popular record is deleted. */
const cascadeBatch = 500;

function referenceCondition(db: Executor, c: Collection, f: Field): string {
  const q = db.dialect.quote;
  const col = `${q(c.name)}.${q(f.name)}`;
  return isMultiple(f) ? `EXISTS (SELECT 1 FROM ${db.dialect.jsonEach(col, '_je')} WHERE _je.value = ?)` : `${col} = ?`;
}

/**
 * After a record is deleted, every relation pointing at it drops the id. All of a referencing
 * record's relation fields are settled together: one left empty deletes the record when it
 * cascades, refuses the delete when it is required, otherwise the record is updated once.
 */
export async function detachReferences(db: Executor, target: Collection, id: string, collections: CollectionLookup, ops: CascadeOps): Promise<void> {
  for (const c of collections.all()) {
    if (c.type === 'view') continue;
    const fields = c.fields.filter((f) => f.type === 'relation' && f.collectionId === target.id);
    if (!fields.length) continue;
    const q = db.dialect.quote;
    const where = fields.map((f) => referenceCondition(db, c, f)).join(' OR ');
    for (;;) {
      // locked until the delete commits, so that a concurrent update can't write the id back (Postgres)
      const rows = await db.query(db.dialect.finalize(`SELECT ${q(c.name)}.* FROM ${q(c.name)} WHERE ${where} LIMIT ${cascadeBatch}${db.dialect.lockRows()}`), fields.map(() => id));
      if (!rows.length) break;
      for (const row of rows) await settle(c, rowToData(c, row), fields, id, ops);
    }
  }
}

async function settle(c: Collection, rec: RecordData, fields: Field[], id: string, ops: CascadeOps) {
  const body: Record<string, unknown> = {};
  let cascade = false;
  for (const f of fields) {
    const value = rec[f.name];
    const refs = Array.isArray(value) ? value : value ? [value] : [];
    if (!refs.includes(id)) continue;
    const remaining = refs.filter((v) => v !== id);
    if (!remaining.length && f.cascadeDelete) cascade = true;
    else if (!remaining.length && f.required) {
      throw new BadRequestError('Failed to delete record. Make sure that the record is not part of a required relation reference.');
    }
    body[f.name] = isMultiple(f) ? remaining : '';
  }
  if (cascade) await ops.delete(c, rec);
  else await ops.update(c, rec, body);
}
