import { recordDir } from '../files/storage.js';
import type { UploadedFile, UploadLimits } from '../files/upload.js';
import type { Executor } from '../store/store.js';
import { editorMaxSize } from './fields/editor.js';
import { fileMaxSize, fileNames } from './fields/file.js';
import { jsonMaxSize } from './fields/json.js';
import { maxSelectOf } from './fields/multi-value.js';
import { findField, isMultiple, type Collection, type Field } from './model.js';
import { rowToData, type RecordData } from './record.js';
import type { CollectionLookup } from './record-save.js';

/**
 * What the write path needs to know about a record's files: which form keys take uploads and
 * how many bytes, how uploads join the body (as their stored names), and which files a save
 * adds or leaves behind.
 */

/** The file field a form key uploads to: `field`, `+field` (prepend) or `field+` (append). */
export function fileFieldOfKey(c: Collection, key: string): Field | undefined {
  const name = key.startsWith('+') ? key.slice(1) : key.endsWith('+') ? key.slice(0, -1) : key;
  const f = findField(c, name);
  return f?.type === 'file' ? f : undefined;
}

export function uploadLimitsOf(c: Collection): UploadLimits {
  return { fileBytesMax: (key) => {
    const f = fileFieldOfKey(c, key);
    return f ? fileMaxSize(f) : undefined;
  } };
}

/** Bytes a create/update body may carry beyond the common limit: what its fields may hold. */
export function fieldBodyBytes(c: Collection): number {
  if (c.type === 'view') return 0;
  let n = 0;
  for (const f of c.fields) {
    if (f.type === 'file') n += fileMaxSize(f) * maxSelectOf(f);
    else if (f.type === 'editor') n += editorMaxSize(f);
    else if (f.type === 'json') n += jsonMaxSize(f);
  }
  return n;
}

/**
 * Uploads join the body as their stored names. Under a plain key they add to the names the body
 * sent for it (so `field: [kept names] + new files` keeps exactly those); without names they
 * replace the field's files. `+field` / `field+` go through the usual modifiers.
 */
export function mergeUploads(body: Record<string, unknown>, uploads: readonly UploadedFile[]): Record<string, unknown> {
  if (!uploads.length) return body;
  const out = { ...body };
  const byKey = new Map<string, string[]>();
  for (const u of uploads) byKey.set(u.key, [...(byKey.get(u.key) ?? []), u.name]);
  for (const [key, names] of byKey) {
    const plain = !key.startsWith('+') && !key.endsWith('+');
    const kept = plain && body[key] !== undefined && body[key] !== null ? fileNames(body[key]) : [];
    out[key] = [...kept, ...names];
  }
  return out;
}

function namesIn(c: Collection, data: RecordData | undefined): Set<string> {
  const out = new Set<string>();
  if (!data) return out;
  for (const f of c.fields) if (f.type === 'file') for (const n of fileNames(data[f.name])) out.add(n);
  return out;
}

/** Uploads the saved record keeps (a single-file field keeps only the last one sent). */
export function uploadsKept(c: Collection, data: RecordData, uploads: readonly UploadedFile[]): UploadedFile[] {
  const names = namesIn(c, data);
  return uploads.filter((u) => names.has(u.name));
}

/** Files the record had before and no longer has: deleted once the save commits. */
export function filesLeftBehind(c: Collection, before: RecordData, after: RecordData): string[] {
  const now = namesIn(c, after);
  return [...namesIn(c, before)].filter((n) => !now.has(n));
}

export const hasFileFields = (c: Collection) => c.fields.some((f) => f.type === 'file');

export const filesDirOf = (c: Collection, id: string) => recordDir(c.id, id);

/** The file field of `record` that holds `name`. */
export function fileFieldHolding(c: Collection, record: RecordData, name: string): Field | undefined {
  return c.fields.find((f) => f.type === 'file' && fileNames(record[f.name]).includes(name));
}

/**
 * A view shows files stored with the records it reads from: the column's source collection is
 * asked for the record holding `name` in the source field.
 */
export async function viewFileOwner(
  db: Executor, view: Collection, fieldName: string, name: string, collections: CollectionLookup,
): Promise<{ collection: Collection; record: RecordData } | undefined> {
  const col = (await db.describe(view.viewQuery ?? '')).find((c) => c.name === fieldName);
  const source = col?.table ? collections.find(col.table) : undefined;
  const field = source && col?.column ? findField(source, col.column) : undefined;
  if (!source || source.type === 'view' || field?.type !== 'file') return undefined;
  const q = db.dialect.quote;
  const column = `${q(source.name)}.${q(field.name)}`;
  const match = isMultiple(field) ? `EXISTS (SELECT 1 FROM ${db.dialect.jsonEach(column, '_je')} WHERE _je.value = ?)` : `${column} = ?`;
  const row = await db.get(db.dialect.finalize(`SELECT ${q(source.name)}.* FROM ${q(source.name)} WHERE ${match} LIMIT 1`), [name]);
  return row ? { collection: source, record: rowToData(source, row) } : undefined;
}
