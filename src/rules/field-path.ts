import { FilterError } from '../filter/filter-error.js';
import { relationDepthMax } from '../filter/limits.js';
import { findField, isMultiple, type Collection, type Field } from '../records/model.js';
import { finalizeField } from './field-final.js';
import { nullOperand, type Operand } from './operand.js';
import type { Resolver } from './resolver.js';
import { joinSql, pathParam, raw, sql, viaDialect, type Sql } from './sql-fragment.js';

/**
 * Where a path walk stands: the active collection in the shared scope (`alias`, reused by every
 * comparison naming the same path) and in a private join chain (`chainAlias`) that lists all
 * values of the path for the "every value" check once the path went through many rows.
 */
export interface Walk {
  collection: Collection;
  alias: string;
  /** Join key of the active table; extended per hop so equal paths share joins. */
  key: string;
  multi: boolean;
  /** `LEFT JOIN ...` clauses of the private chain, correlated to the main row. */
  chain: Sql[];
  chainAlias: string;
  /** `@request.*` paths resolve unknown fields to NULL instead of failing. */
  nullifyMissing: boolean;
}

const viaPattern = /^(\w+)_via_(\w+)$/;

/** Walks `rel.rel2.field`, `x_via_y.field`, `json.a.0.b` from `w` and resolves the last prop. */
export function walkPath(r: Resolver, props: string[], w: Walk): Operand {
  for (let i = 0; i < props.length; i++) {
    const prop = props[i];
    if (i === props.length - 1) return finalizeField(r, w, prop);
    const field = findField(w.collection, prop);
    if (field?.hidden && !r.allowHidden) throw new FilterError(`non-filterable field ${JSON.stringify(prop)}`);
    if (field && (field.type === 'json' || field.type === 'geoPoint')) return jsonPath(r, w, field, props.slice(i + 1));
    if (i >= relationDepthMax) throw new FilterError(`max nested relations reached for field ${JSON.stringify(prop)}`);
    if (!field) {
      if (!backRelation(r, w, prop)) return nullOperand;
      continue;
    }
    if (field.type !== 'relation') throw new FilterError(`field ${JSON.stringify(prop)} is not a valid relation`);
    const target = r.loadCollection(String(field.collectionId ?? ''));
    if (!target) throw new FilterError(`failed to load field ${JSON.stringify(prop)} collection`);
    // `rel.id` of a single relation is the relation column itself: no join needed.
    if (!isMultiple(field) && i === props.length - 2 && props[i + 1] === 'id') return finalizeField(r, w, field.name);
    relation(r, w, field, target);
  }
  throw new FilterError(`failed to resolve field ${JSON.stringify(props.join('.'))}`);
}

export function multiValues(w: Walk, value: Sql) {
  return { joins: joinSql(w.chain, ' '), value };
}

function relation(r: Resolver, w: Walk, field: Field, target: Collection) {
  const key = `${w.key}.${field.name}`;
  const col = r.column(w.alias, field.name);
  const chainAlias = r.env.names.next('m');
  const chainCol = r.column(w.chainAlias, field.name);
  if (!isMultiple(field)) {
    w.alias = r.joinCollection(key, target, (a) => sql`${r.column(a, 'id')} = ${col}`);
    w.chain.push(sql`LEFT JOIN ${r.table(target, chainAlias)} ON ${r.column(chainAlias, 'id')} = ${chainCol}`);
  } else {
    const each = r.joinEach(`${key}:each`, col);
    w.alias = r.joinCollection(key, target, (a) => sql`${r.column(a, 'id')} = ${raw(each + '.value')}`);
    const chainEach = r.env.names.next('m');
    w.chain.push(sql`LEFT JOIN ${r.eachSource(chainCol, chainEach)} ON 1=1`);
    w.chain.push(sql`LEFT JOIN ${r.table(target, chainAlias)} ON ${r.column(chainAlias, 'id')} = ${raw(chainEach + '.value')}`);
    w.multi = true;
  }
  w.key = key;
  w.collection = target;
  w.chainAlias = chainAlias;
}

/**
 * `{collection}_via_{field}`: rows of another collection whose relation field points here.
 * Returns false when an `@request.*` path names no valid back-relation (resolves to NULL).
 */
function backRelation(r: Resolver, w: Walk, prop: string): boolean {
  const missing = (msg: string) => {
    if (w.nullifyMissing) return false;
    throw new FilterError(msg);
  };
  const m = viaPattern.exec(prop);
  if (!m) return missing(`failed to resolve field ${JSON.stringify(prop)}`);
  const source = r.loadCollection(m[1]);
  if (!source) return missing(`failed to load back relation field ${JSON.stringify(prop)} collection`);
  const back = findField(source, m[2]);
  if (!back) return missing(`missing back relation field ${JSON.stringify(m[2])}`);
  if (back.type !== 'relation') return missing(`invalid back relation field ${JSON.stringify(m[2])}`);
  if (back.hidden && !r.allowHidden) throw new FilterError(`non-filterable back relation field ${JSON.stringify(back.name)}`);
  if (back.collectionId !== w.collection.id) return missing(`invalid collection reference of a back relation field ${JSON.stringify(back.name)}`);

  const key = `${w.key}.${prop}`;
  const chainAlias = r.env.names.next('m');
  const multiBack = isMultiple(back);
  const refersTo = (alias: string, parent: string): Sql => {
    if (!multiBack) return sql`${r.column(alias, back.name)} = ${r.column(parent, 'id')}`;
    const je = r.env.names.next('v');
    return sql`${r.column(parent, 'id')} IN (SELECT ${raw(je + '.value')} FROM ${r.eachSource(r.column(alias, back.name), je)})`;
  };
  const parent = w.alias;
  w.alias = r.joinCollection(key, source, (a) => refersTo(a, parent));
  w.chain.push(sql`LEFT JOIN ${r.table(source, chainAlias)} ON ${refersTo(chainAlias, w.chainAlias)}`);
  // A single back field still reaches many rows unless a unique index makes it one-to-one.
  if (multiBack) w.multi = true;
  else if (!w.multi) w.multi = !hasSingleColumnUniqueIndex(source.indexes, back.name);
  w.key = key;
  w.collection = source;
  w.chainAlias = chainAlias;
  return true;
}

/** The props after a json/geoPoint field are a path inside its value; no NULL/'' folding. */
function jsonPath(r: Resolver, w: Walk, field: Field, rest: string[]): Operand {
  // Modifiers mean nothing inside a json value; PocketBase drops the `:` and keeps the letters.
  const path = rest.map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg.replace(/:/g, '')));
  const extract = (alias: string) => jsonAt(r, r.column(alias, field.name), path);
  return {
    expr: extract(w.alias),
    type: 'json',
    fallback: 'disabled',
    multi: w.multi ? multiValues(w, extract(w.chainAlias)) : undefined,
  };
}

/** The JSON value at `path`; the path is a bound parameter, never SQL text. */
export function jsonAt(r: Resolver, expr: Sql, path: readonly (string | number)[]): Sql {
  const d = r.env.dialect;
  return viaDialect((e, p) => d.jsonExtractAt(e, p), expr, pathParam(d.jsonPath(path)));
}

/** PocketBase's test: some UNIQUE index over exactly this one column (WHERE clauses ignored). */
export function hasSingleColumnUniqueIndex(indexes: readonly string[], column: string): boolean {
  return indexes.some((idx) => {
    const m = /^\s*CREATE\s+UNIQUE\s+INDEX\b[^(]*\(([^)]*)\)/i.exec(idx);
    if (!m) return false;
    const cols = m[1].split(',');
    if (cols.length !== 1) return false;
    const name = cols[0].trim().split(/\s+/)[0].replace(/^[`"[]|[`"\]]$/g, '');
    return name.toLowerCase() === column.toLowerCase();
  });
}
