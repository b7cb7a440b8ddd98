import { FilterError } from '../filter/filter-error.js';
import { findField, isMultiple, type Field } from '../records/model.js';
import type { ValueType } from '../store/dialect.js';
import { asText } from './comparison.js';
import { jsonAt, multiValues, type Walk } from './field-path.js';
import { nullOperand, type Operand } from './operand.js';
import type { Resolver } from './resolver.js';
import { raw, sql, viaDialect, type Sql } from './sql-fragment.js';

export const modifiers = ['each', 'isset', 'length', 'lower', 'changed'] as const;
export type Modifier = (typeof modifiers)[number];

/**
 * `name` or `name:modifier`. More than one `:` is not a modifier at all (the whole text is then
 * looked up as a name and fails); an unknown modifier is an error.
 */
export function splitModifier(prop: string): [string, Modifier | ''] {
  const parts = prop.split(':');
  if (parts.length !== 2) return [prop, ''];
  if (!(modifiers as readonly string[]).includes(parts[1])) throw new FilterError(`unknown modifier in ${JSON.stringify(prop)}`);
  return [parts[0], parts[1] as Modifier];
}

/** What a field's column holds, as the dialect needs to know for comparisons. */
export function columnType(f: Field): ValueType {
  switch (f.type) {
    case 'number':
      return 'number';
    case 'bool':
      return 'bool';
    case 'json':
      return 'json';
    case 'geoPoint':
      return 'jsonDoc';
    case 'select':
    case 'relation':
    case 'file':
      return isMultiple(f) ? 'jsonDoc' : 'text';
    default:
      return 'text';
  }
}

/** Fields holding one or more values: `:each` and `:length` apply to them. */
const isMultiValuer = (f: Field) => f.type === 'select' || f.type === 'relation' || f.type === 'file';

/**
 * The last prop of a path: a column of the active table, possibly through `:length`, `:each` or
 * `:lower`. Like PocketBase, `:isset`/`:changed` on a stored field, and `:each`/`:length` on a
 * single-value type, are ignored.
 */
export function finalizeField(r: Resolver, w: Walk, prop: string): Operand {
  const [name, modifier] = splitModifier(prop);
  const field = findField(w.collection, name);
  if (!field) {
    if (w.nullifyMissing) return nullOperand;
    throw new FilterError(`unknown field ${JSON.stringify(name)}`);
  }
  if (field.hidden && !r.allowHidden) throw new FilterError(`non-filterable field ${JSON.stringify(name)}`);
  const col = (alias: string) => r.column(alias, field.name);

  if (modifier === 'length' && isMultiValuer(field)) {
    const len = (alias: string) => viaDialect((e) => r.env.dialect.jsonArrayLength(e, columnType(field)), col(alias));
    return { expr: len(w.alias), type: 'number', fallback: 'auto', multi: w.multi ? multiValues(w, len(w.chainAlias)) : undefined };
  }

  if (modifier === 'each' && isMultiValuer(field)) {
    const each = r.joinEach(`${w.key}.${field.name}:each`, col(w.alias), columnType(field));
    if (isMultiple(field)) w.multi = true;
    let multi;
    if (w.multi) {
      const chainEach = r.env.names.next('m');
      w.chain.push(sql`LEFT JOIN ${r.eachSource(col(w.chainAlias), chainEach, columnType(field))} ON 1=1`);
      multi = multiValues(w, raw(`${chainEach}.value`));
    }
    return { expr: raw(`${each}.value`), type: 'text', fallback: 'auto', multi };
  }

  let value = (alias: string): Sql => col(alias);
  let fallback: Operand['fallback'] = 'auto';
  let type = columnType(field);
  // Compare json fields by their decoded value, so `data = 5` matches a stored number 5.
  if (field.type === 'json') {
    value = (alias) => jsonAt(r, col(alias), []);
    fallback = 'disabled';
  }
  if (modifier === 'lower') {
    const inner = value;
    const innerType = type;
    value = (alias) => sql`LOWER(${asText(r.env.dialect, { expr: inner(alias), type: innerType, fallback })})`;
    type = 'text';
  }
  return {
    expr: value(w.alias),
    type,
    fallback,
    multi: w.multi ? multiValues(w, value(w.chainAlias)) : undefined,
    guard: emailGuard(r, w, field),
  };
}

/** Client filters match an auth record's email only where the owner made it visible. */
function emailGuard(r: Resolver, w: Walk, field: Field): Operand['guard'] {
  if (field.name !== 'email' || r.allowHidden || w.collection.type !== 'auth') return undefined;
  const visible = r.column(w.alias, 'emailVisibility');
  return (cond) => sql`(${cond} AND ${visible} = TRUE)`;
}
