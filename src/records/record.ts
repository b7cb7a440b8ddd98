import { getFieldType } from './fields/registry.js';
import type { Collection, Field } from './model.js';
import type { Row } from '../store/store.js';
import { Expanded } from './expand.js';

/** A record's values by field name, in their JSON shapes (what `fromDb` returns). */
export type RecordData = Record<string, unknown>;

/** Who is looking: decides hidden fields and auth emails in the output. */
export interface Viewer {
  superuser: boolean;
  /** id of the signed-in auth record, if any */
  authId?: string;
  /** ids of auth records whose manageRule this viewer satisfies */
  manages?: ReadonlySet<string>;
}

interface Shape {
  fields: { name: string; field: Field; fromDb: (raw: unknown, f: Field) => unknown }[];
}

/** Built once per collection version (collections are replaced, never mutated, on change). */
const shapes = new WeakMap<Collection, Shape>();

function shapeOf(c: Collection): Shape {
  let s = shapes.get(c);
  if (!s) {
    s = { fields: c.fields.map((f) => ({ name: f.name, field: f, fromDb: getFieldType(f.type).fromDb })) };
    shapes.set(c, s);
  }
  return s;
}

export function rowToData(c: Collection, row: Row): RecordData {
  const data: RecordData = {};
  for (const { name, field, fromDb } of shapeOf(c).fields) data[name] = fromDb(row[name], field);
  return data;
}

const neverSent = new Set(['password', 'tokenKey']);

/** The record as the viewer may see it, keys in alphabetical order as PocketBase emits them. */
export function publicRecord(c: Collection, data: RecordData, viewer: Viewer, opts: { forceEmail?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { collectionId: c.id, collectionName: c.name };
  const isAuth = c.type === 'auth';
  for (const { name, field } of shapeOf(c).fields) {
    if (isAuth && neverSent.has(name)) continue;
    if (field.hidden && !viewer.superuser) continue;
    if (isAuth && name === 'email' && !canSeeEmail(data, viewer, opts.forceEmail)) continue;
    out[name] = data[name];
  }
  if (data.expand !== undefined) out.expand = publicExpand(data.expand as Record<string, unknown>, viewer);
  return sortKeys(out);
}

/** Expanded records are serialized by their own collection's visibility rules. */
function publicExpand(expand: Record<string, unknown>, viewer: Viewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const one = (v: unknown) => (v instanceof Expanded ? publicRecord(v.collection, v.data, viewer) : v);
  for (const [k, v] of Object.entries(expand)) out[k] = Array.isArray(v) ? v.map(one) : one(v);
  return out;
}

function canSeeEmail(data: RecordData, viewer: Viewer, force?: boolean): boolean {
  const id = String(data.id);
  return Boolean(force || data.emailVisibility || viewer.superuser || viewer.authId === id || viewer.manages?.has(id));
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
