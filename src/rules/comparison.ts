import { baseOperator, isAnyOperator, type Operator } from '../filter/ast.js';
import type { Dialect, Typed, ValueType } from '../store/dialect.js';
import type { AliasGen } from './join-scope.js';
import { boundValue, hasLiterals, isEmptyOperand, isKnownNonEmpty, literalsOf, type MultiValues, type Operand } from './operand.js';
import { PathParam, raw, sql, viaDialect, viaDialectAll, type Sql } from './sql-fragment.js';
import { likePattern } from './values.js';

export interface CompareEnv {
  readonly dialect: Dialect;
  readonly names: AliasGen;
}

/**
 * One comparison as SQL. Plain operators over multi-valued operands also require that no value
 * fails (`NOT EXISTS` over the private value chain); `?` operators only need the shared-join
 * row to match, i.e. some value.
 */
export function compare(env: CompareEnv, left: Operand, op: Operator, right: Operand): Sql {
  let expr = single(env.dialect, left, op, right);
  if (!isAnyOperator(op)) {
    if (left.multi && right.multi) expr = sql`(${expr} AND ${manyVsMany(env, left, op, right)})`;
    else if (left.multi) expr = sql`(${expr} AND ${manyVsOne(env, left.multi, left, op, right, false)})`;
    else if (right.multi) expr = sql`(${expr} AND ${manyVsOne(env, right.multi, right, op, left, true)})`;
  }
  if (left.guard) expr = left.guard(expr);
  if (right.guard) expr = right.guard(expr);
  return expr;
}

function single(d: Dialect, left: Operand, op: Operator, right: Operand): Sql {
  const base = baseOperator(op);
  switch (base) {
    case '=':
    case '!=':
      return equality(d, base === '=', left, right);
    case '~':
    case '!~': {
      // A column on the right means "contains the column's value".
      const pattern = hasLiterals(right)
        ? asText(d, { ...right, expr: { text: right.expr.text, params: right.expr.params.map((p) => (p instanceof PathParam ? p : likePattern(p))) } })
        : sql`('%' || ${asText(d, right)} || '%')`;
      return viaDialect((l, p) => d.like(l, p, base === '!~'), asText(d, left), pattern);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = comparable(d, left, right);
      return sql`${c.left} ${raw(base)} ${c.right}`;
    }
    default: {
      const never: never = base;
      throw new Error(`unhandled operator ${String(never)}`);
    }
  }
}

const blank: Operand = { expr: raw("''"), fallback: 'auto', type: 'text' };

/**
 * `=` / `!=` treating '' and NULL as the same "empty" value, with as little COALESCE as possible
 * (a plain comparison can use an index, COALESCE can't).
 */
function equality(d: Dialect, eq: boolean, left: Operand, right: Operand): Sql {
  const op = (a: Sql, b: Sql): Sql => (eq ? sql`${a} = ${b}` : same(d, a, b, true));
  if (left.fallback === 'disabled' || right.fallback === 'disabled') {
    const c = comparable(d, left, right);
    return same(d, c.left, c.right, !eq);
  }
  const leftEmpty = isEmptyOperand(left);
  const rightEmpty = isEmptyOperand(right);
  if (leftEmpty && rightEmpty) return op(blank.expr, blank.expr);
  if (isKnownNonEmpty(left) || isKnownNonEmpty(right)) {
    const c = comparable(d, leftEmpty ? blank : left, rightEmpty ? blank : right);
    return op(c.left, c.right);
  }
  if (leftEmpty) {
    const c = comparable(d, blank, right);
    const x = right.expr;
    return eq ? sql`(${op(c.left, c.right)} OR ${x} IS NULL)` : sql`(${op(c.left, c.right)} AND ${x} IS NOT NULL)`;
  }
  if (rightEmpty) {
    const c = comparable(d, left, blank);
    const x = left.expr;
    return eq ? sql`(${c.left} = ${c.right} OR ${x} IS NULL)` : sql`(${same(d, c.left, c.right, true)} AND ${x} IS NOT NULL)`;
  }
  const c = comparable(d, left, right);
  const orBlank = (x: Sql) => viaDialect((t) => d.orBlank({ sql: t, type: c.type }), x);
  return op(orBlank(c.left), orBlank(c.right));
}

function same(d: Dialect, a: Sql, b: Sql, negate: boolean): Sql {
  return viaDialect((x, y) => d.same(x, y, negate), a, b);
}

const typed = (o: Operand, text: string): Typed => ({ sql: text, type: o.type ?? 'any', value: boundValue(o) });

/** Both sides as the dialect can compare them (SQLite: as they are), and the type they now share. */
function comparable(d: Dialect, left: Operand, right: Operand): { left: Sql; right: Sql; type: ValueType } {
  let type: ValueType = 'any';
  const [l, r] = viaDialectAll((a, b) => {
    const c = d.comparable(typed(left, a), typed(right, b));
    type = c.type;
    return [c.left, c.right];
  }, left.expr, right.expr);
  return { left: l, right: r, type };
}

/** The operand as text, the way SQLite converts values for LIKE and string functions. */
export function asText(d: Dialect, o: Operand): Sql {
  return viaDialect((x) => d.text(typed(o, x)), o.expr);
}

/** The operand as a number for arithmetic. */
export function asNumber(d: Dialect, o: Operand): Sql {
  return viaDialect((x) => d.number(typed(o, x)), o.expr);
}

/** The other side of a value-by-value check keeps its value only, like PocketBase's copy. */
function plain(o: Operand): Operand {
  return { expr: o.expr, type: o.type, fallback: 'auto', isNull: o.isNull, isConst: o.isConst, literals: literalsOf(o) };
}

/** No value of the multi-valued side fails the comparison against the other side. */
function manyVsOne(env: CompareEnv, multi: MultiValues, side: Operand, op: Operator, other: Operand, inverse: boolean): Sql {
  const value: Operand = { expr: multi.value, type: side.type, fallback: side.fallback, literals: [] };
  const cond = inverse ? compare(env, plain(other), op, value) : compare(env, value, op, plain(other));
  return sql`NOT EXISTS (SELECT 1 FROM ${raw(`(SELECT 1) ${env.names.next('r')}`)} ${multi.joins} WHERE NOT (${cond}))`;
}

/** No pair of values (one from each side) fails the comparison. */
function manyVsMany(env: CompareEnv, left: Operand, op: Operator, right: Operand): Sql {
  const l = env.names.next('v');
  const r = env.names.next('v');
  const v = env.dialect.quote('v');
  const values = (m: MultiValues) => sql`SELECT ${m.value} AS ${raw(v)} FROM ${raw(`(SELECT 1) ${env.names.next('r')}`)} ${m.joins}`;
  const cond = compare(env, { expr: raw(`${l}.${v}`), type: left.type, fallback: left.fallback }, op, { expr: raw(`${r}.${v}`), type: right.type, fallback: right.fallback });
  return sql`NOT EXISTS (SELECT 1 FROM (${values(left.multi!)}) ${raw(l)} LEFT JOIN (${values(right.multi!)}) ${raw(r)} ON 1=1 WHERE NOT (${cond}))`;
}
