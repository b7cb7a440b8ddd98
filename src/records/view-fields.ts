import { defaultFieldId } from '../lib/ids.js';
import type { Executor } from '../store/store.js';
import { idField } from './collection-defaults.js';
import type { Field } from './model.js';
import type { CollectionLookup } from './record-save.js';

/**
 * Derives a view collection's fields from its query: a column read straight from a collection's
 * field keeps that field's type and options; `id` is the text primary key; any computed column
 * is a `json` field, whose value is shown as the database returns it.
 */
export async function viewFields(db: Executor, query: string, collections: CollectionLookup, existing: Field[] = []): Promise<Field[]> {
  const cols = await db.describe(query);
  return cols.map((col) => {
    const prev = existing.find((f) => f.name === col.name);
    // a view's id is whatever the query returns: no length, pattern or generator applies
    if (col.name === 'id') return { ...idField(), min: 0, max: 0, autogeneratePattern: '', system: true, id: prev?.id ?? idField().id };
    const source = col.table ? collections.find(col.table) : undefined;
    const sf = source?.fields.find((f) => f.name === col.column);
    const base: Field = sf && sf.type !== 'password'
      ? { ...sf, name: col.name, system: false, ...(sf.type === 'text' ? { primaryKey: false } : {}) }
      : { name: col.name, type: 'json', system: false, hidden: false, presentable: false, id: '', maxSize: 1, required: false, help: '' };
    return { ...base, id: prev?.id ?? defaultFieldId(base.type, col.name) };
  });
}
