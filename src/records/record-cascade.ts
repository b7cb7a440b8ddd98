import { BadRequestError } from '../lib/errors.js';
import type { Executor } from '../store/store.js';
import { isMultiple, type Collection } from './model.js';
import { rowToData, type RecordData } from './record.js';
import type { CollectionLookup } from './record-save.js';

export interface CascadeOps {
  update(c: Collection, record: RecordData, body: Record<string, unknown>): Promise<unknown>;
  delete(c: Collection, record: RecordData): Promise<void>;
}

/** Referencing rows handled per batch; bounds memory when a popular record is deleted. */
const cascadeBatch = 500;

/**
 * After a record is deleted, every relation pointing at it drops the id. A relation left empty
 * deletes its record when `cascadeDelete` is on, and refuses the delete when it is required.
 */
export async function detachReferences(db: Executor, target: Collection, id: string, collections: CollectionLookup, ops: CascadeOps): Promise<void> {
  for (const c of collections.all()) {
    if (c.type === 'view') continue;
    for (const f of c.fields) {
      if (f.type !== 'relation' || f.collectionId !== target.id) continue;
      const q = db.dialect.quote;
      const col = `${q(c.name)}.${q(f.name)}`;
      const match = isMultiple(f)
        ? `EXISTS (SELECT 1 FROM ${db.dialect.jsonEach(col, '_je')} WHERE _je.value = ?)`
        : `${col} = ?`;
      for (;;) {
        const rows = await db.query(db.dialect.finalize(`SELECT ${q(c.name)}.* FROM ${q(c.name)} WHERE ${match} LIMIT ${cascadeBatch}`), [id]);
        if (!rows.length) break;
        for (const row of rows) {
          const rec = rowToData(c, row);
          const remaining = isMultiple(f) ? (rec[f.name] as string[]).filter((v) => v !== id) : [];
          if (remaining.length === 0 && f.cascadeDelete) await ops.delete(c, rec);
          else if (remaining.length === 0 && f.required) {
            throw new BadRequestError('Failed to delete record. Make sure that the record is not part of a required relation reference.');
          } else await ops.update(c, rec, { [f.name]: isMultiple(f) ? remaining : '' });
        }
      }
    }
  }
}
