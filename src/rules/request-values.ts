import * as ast from '../filter/ast.js';
import { FilterError } from '../filter/filter-error.js';
import { findField, isMultiple, type Collection, type Field } from '../records/model.js';
import { splitModifier } from './field-final.js';
import { walkPath, type Walk } from './field-path.js';
import { nullOperand, valueType, type Operand } from './operand.js';
import type { Resolver } from './resolver.js';
import { joinSql, param, raw, sql, type Sql } from './sql-fragment.js';
import { castToString, parseGoFloat } from './values.js';

/** Auth fields read from the request's auth record instead of a join. */
const plainAuthFields = new Set(['id', 'collectionId', 'collectionName', 'email', 'emailVisibility', 'verified'].map((f) => `@request.auth.${f}`));

/**
 * `@request.*` identifiers. Values known at request time become bound parameters; auth fields
 * beyond the plain ones and body relation paths join the referenced records.
 */
export function resolveRequestField(r: Resolver, name: string, props: string[]): Operand {
  if (name.startsWith('@request.auth.')) return authField(r, name, props);
  if (name.startsWith('@request.body.') && props.length > 2) {
    const [fieldName, modifier] = splitModifier(props[2]);
    const field = findField(r.base, fieldName);
    if (field?.type === 'relation' && props.length > 3) return bodyRelation(r, field, props.slice(3));
    if (field && props.length === 3) {
      const body = r.env.request.body ?? {};
      switch (modifier) {
        case 'each': return bodyEach(r, field, body[field.name]);
        case 'length': return { expr: param(toSlice(multiValued(field, body[field.name])).length), type: 'number', fallback: 'auto' };
        case 'lower': return { expr: sql`LOWER(${param(castToString(body[field.name]))})`, type: 'text', fallback: 'auto' };
        case 'changed': return bodyChanged(r, field);
        default: break;
      }
    }
  }
  return staticField(r, props.slice(1));
}

function authField(r: Resolver, name: string, props: string[]): Operand {
  const auth = r.env.request.auth;
  if (!auth) return nullOperand;
  if (plainAuthFields.has(name)) return staticField(r, props.slice(1));
  const id = String(auth.record.id ?? '');
  const byId = (alias: string) => sql`${r.column(alias, 'id')} = ${param(id)}`;
  return walkPath(r, props.slice(2), startWalk(r, `${r.keyPrefix}@auth`, auth.collection, byId, false));
}

function bodyRelation(r: Resolver, field: Field, rest: string[]): Operand {
  const ids = uniqueStrings(r.env.request.body?.[field.name]);
  if (!ids.length) return nullOperand;
  const target = r.loadCollection(String(field.collectionId ?? ''));
  if (!target) throw new FilterError(`failed to load collection ${JSON.stringify(field.collectionId)} from data field ${JSON.stringify(field.name)}`);
  const inIds = (alias: string) => sql`${r.column(alias, 'id')} IN (${joinSql(ids.map(param), ', ')})`;
  return walkPath(r, rest, startWalk(r, `${r.keyPrefix}@body.${field.name}`, target, inIds, isMultiple(field)));
}

/** A walk starting at a collection joined by a condition (not by the main row). */
function startWalk(r: Resolver, key: string, c: Collection, on: (alias: string) => Sql, multi: boolean): Walk {
  const alias = r.joinCollection(key, c, on);
  const chainAlias = r.env.names.next('m');
  return { collection: c, alias, key, multi, chain: [sql`LEFT JOIN ${r.table(c, chainAlias)} ON ${on(chainAlias)}`], chainAlias, nullifyMissing: true };
}

function bodyEach(r: Resolver, field: Field, value: unknown): Operand {
  const json = JSON.stringify(toSlice(multiValued(field, value)));
  const each = r.joinEach(`${r.keyPrefix}@body.${field.name}:each`, param(json), 'any');
  let multi;
  if (isMultiple(field)) {
    const chainEach = r.env.names.next('m');
    multi = { joins: sql`LEFT JOIN ${r.eachSource(param(json), chainEach, 'any')} ON 1=1`, value: raw(`${chainEach}.value`) };
  }
  return { expr: raw(`${each}.value`), type: 'text', fallback: 'auto', literals: [json], multi };
}

/** `f:changed` is shorthand for `(@request.body.f:isset = true && @request.body.f != f)`. */
function bodyChanged(r: Resolver, field: Field): Operand {
  const n = field.name;
  const node = ast.logical('and', [
    ast.comparison('=', ast.identifier(`@request.body.${n}:isset`, 0), ast.identifier('true', 0), 0),
    ast.comparison('!=', ast.identifier(`@request.body.${n}`, 0), ast.identifier(n, 0), 0),
  ], 0);
  return { expr: r.env.compile(node, r), type: 'bool', fallback: 'disabled' };
}

function multiValued(field: Field, value: unknown): unknown {
  if (field.type !== 'select' && field.type !== 'relation' && field.type !== 'file') {
    throw new FilterError(`field ${JSON.stringify(field.name)} doesn't support multivalue operations`);
  }
  return value;
}

/** A plain `@request.*` value: a key path into the request's context/method/query/headers/body/auth. */
function staticField(r: Resolver, path: string[]): Operand {
  const [last, modifier] = splitModifier(path[path.length - 1]);
  const found = extract(requestValues(r), [...path.slice(0, -1), last]);
  if (modifier === 'isset') return { expr: raw(r.env.dialect.bool(found.ok)), type: 'bool', fallback: 'auto', isConst: true };
  const value = normalize(found.ok ? found.value : null, r.base, last);
  if (modifier && modifier !== 'lower') throw new FilterError(`invalid modifier sequence ${last}:${modifier}`);
  if (value === null) return nullOperand;
  if (modifier === 'lower') return { expr: sql`LOWER(${param(value)})`, type: 'text', fallback: 'auto' };
  return { expr: param(value), type: valueType(value), fallback: 'auto' };
}

function requestValues(r: Resolver): Record<string, unknown> {
  const req = r.env.request;
  const auth = req.auth ? { ...req.auth.record, collectionId: req.auth.collection.id, collectionName: req.auth.collection.name } : null;
  return { context: req.context ?? 'default', method: req.method ?? '', query: req.query ?? {}, headers: req.headers ?? {}, body: req.body ?? {}, auth };
}

function extract(root: unknown, keys: string[]): { ok: boolean; value?: unknown } {
  let cur = root;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(k) || Number(k) >= cur.length) return { ok: false };
      cur = cur[Number(k)];
    } else if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, k)) {
      cur = (cur as Record<string, unknown>)[k];
    } else {
      return { ok: false };
    }
  }
  return { ok: true, value: cur };
}

/** Scalars as they are (numeric strings for number fields as numbers), anything else as JSON. */
function normalize(value: unknown, base: Collection, key: string): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const n = findField(base, key)?.type === 'number' ? parseGoFloat(value) : undefined;
    return n ?? value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function toSlice(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Relation ids from a body value: an array, one id, or a JSON array text; blanks and repeats dropped. */
function uniqueStrings(value: unknown): string[] {
  let list: unknown[] = toSlice(value);
  if (typeof value === 'string' && value.includes('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) list = parsed;
    } catch {
      // not JSON: a single id
    }
  }
  return [...new Set(list.map((v) => castToString(v)).filter((s) => s !== ''))];
}
