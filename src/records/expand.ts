import type { Executor } from '../store/store.js';
import { isMultiple, type Collection, type Field } from './model.js';
import type { RecordData } from './record.js';
import type { SqlPart } from './record-repo.js';
import type { CollectionLookup } from './record-save.js';

/** PocketBase's limits: deeper path segments are ignored; back-relations fetch this many rows per parent. */
export const expandDepthMax = 6;
export const backRelationRowsMax = 1000;

/** An expanded related record, kept with its collection so it is serialized by its own rules. */
export class Expanded {
  constructor(readonly collection: Collection, readonly data: RecordData) {}
}

/**
 * Loads the related records a viewer may see, or null when the whole path is off limits
 * (the related collection's view rule is null for this viewer).
 */
export type ExpandFetcher = (c: Collection, where: SqlPart) => Promise<RecordData[] | null>;

type Tree = Map<string, Tree>;

export function parseExpand(expand: string): Tree {
  const root: Tree = new Map();
  for (const path of expand.split(',')) {
    let node = root;
    for (const seg of path.trim().split('.').slice(0, expandDepthMax)) {
      if (!seg) break;
      const name = legacyBackRelation(seg);
      if (!node.has(name)) node.set(name, new Map());
      node = node.get(name)!;
    }
  }
  return root;
}

/** `collection(field)` is the old spelling of `collection_via_field`. */
function legacyBackRelation(seg: string): string {
  const m = /^(\w+)\((\w+)\)$/.exec(seg);
  return m ? `${m[1]}_via_${m[2]}` : seg;
}

export async function expandRecords(db: Executor, c: Collection, records: RecordData[], expand: string, collections: CollectionLookup, fetch: ExpandFetcher): Promise<void> {
  if (!expand || !records.length) return;
  await expandLevel(db, c, records, parseExpand(expand), collections, fetch);
}

async function expandLevel(db: Executor, c: Collection, records: RecordData[], tree: Tree, collections: CollectionLookup, fetch: ExpandFetcher) {
  for (const [seg, children] of tree) {
    const rel = c.fields.find((f) => f.name === seg && f.type === 'relation');
    const done = rel
      ? await expandRelation(db, rel, records, seg, children, collections, fetch)
      : await expandBackRelation(db, c, records, seg, children, collections, fetch);
    if (!done) continue;
  }
}

function ensureExpand(r: RecordData): Record<string, unknown> {
  if (!r.expand) r.expand = {};
  return r.expand as Record<string, unknown>;
}

async function expandRelation(db: Executor, f: Field, records: RecordData[], seg: string, children: Tree, collections: CollectionLookup, fetch: ExpandFetcher) {
  const target = collections.find(String(f.collectionId));
  if (!target) return false;
  const idsOf = (r: RecordData) => (Array.isArray(r[f.name]) ? (r[f.name] as string[]) : r[f.name] ? [String(r[f.name])] : []);
  const ids = [...new Set(records.flatMap(idsOf))];
  const q = db.dialect.quote;
  const rows = ids.length ? await fetch(target, { sql: `${q(target.name)}.${q('id')} IN (${ids.map(() => '?').join(', ')})`, params: ids }) : [];
  if (rows === null) return false;
  if (children.size) await expandLevel(db, target, rows, children, collections, fetch);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  for (const r of records) {
    const exp = ensureExpand(r);
    const found = idsOf(r).map((id) => byId.get(id)).filter((x): x is RecordData => !!x).map((d) => new Expanded(target, d));
    if (isMultiple(f)) {
      if (found.length) exp[seg] = found;
    } else if (found[0]) exp[seg] = found[0];
  }
  return true;
}

async function expandBackRelation(db: Executor, c: Collection, records: RecordData[], seg: string, children: Tree, collections: CollectionLookup, fetch: ExpandFetcher) {
  const m = /^(\w+)_via_(\w+)$/.exec(seg);
  const source = m && collections.find(m[1]);
  const field = source?.fields.find((f) => f.name === m![2] && f.type === 'relation' && f.collectionId === c.id);
  if (!source || !field) return false;
  const q = db.dialect.quote;
  const col = `${q(source.name)}.${q(field.name)}`;
  const parentIds = records.map((r) => r.id as string);
  const marks = parentIds.map(() => '?').join(', ');
  const where = isMultiple(field)
    ? `EXISTS (SELECT 1 FROM ${db.dialect.jsonEach(col, '_je')} WHERE _je.value IN (${marks}))`
    : `${col} IN (${marks})`;
  const rows = await fetch(source, { sql: where, params: parentIds });
  if (rows === null) return false;
  if (children.size) await expandLevel(db, source, rows, children, collections, fetch);
  const single = !isMultiple(field) && hasUniqueIndexOn(source, field.name);
  for (const r of records) {
    const exp = ensureExpand(r);
    const refs = (x: RecordData) => (Array.isArray(x[field.name]) ? (x[field.name] as string[]).includes(r.id as string) : x[field.name] === r.id);
    const found = rows.filter(refs).slice(0, backRelationRowsMax).map((d) => new Expanded(source, d));
    if (single) {
      if (found[0]) exp[seg] = found[0];
    } else if (found.length) exp[seg] = found;
  }
  return true;
}

function hasUniqueIndexOn(c: Collection, field: string): boolean {
  const re = new RegExp(`^\\s*CREATE\\s+UNIQUE\\s+INDEX[^(]+\\(\\s*[\`"']?${field}[\`"']?\\s*\\)`, 'i');
  return c.indexes.some((sql) => re.test(sql));
}
