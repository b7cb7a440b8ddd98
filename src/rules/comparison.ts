import { baseOperator, isAnyOperator, type Operator } from '../filter/ast.js';
import type { Dialect } from '../store/dialect.js';
import type { AliasGen } from './join-scope.js';
import { hasLiterals, isEmptyOperand, isKnownNonEmpty, literalsOf, type MultiValues, type Operand } from './operand.js';
import { PathParam, raw, sql, viaDialect, type Sql } from './sql-fragment.js';
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
        ? { text: right.expr.text, params: right.expr.params.map((p) => (p instanceof PathParam ? p : likePattern(p))) }
        : sql`('%' || ${right.expr} || '%')`;
      return viaDialect((l, p) => d.like(l, p, base === '!~'), left.expr, pattern);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return sql`${left.expr} ${raw(base)} ${right.expr}`;
    default: {
      const never: never = base;
      throw new Error(`unhandled operator ${String(never)}`);
    }
  }
}

/**
 * `=` / `!=` treating '' and NULL as the same "empty" value, with as little COALESCE as possible
 * (a plain comparison can use an index, COALESCE can't).
 */
function equality(d: Dialect, eq: boolean, left: Operand, right: Operand): Sql {
  const op = (a: Sql, b: Sql): Sql => (eq ? sql`${a} = ${b}` : same(d, a, b, true));
  if (left.fallback === 'disabled' || right.fallback === 'disabled') return same(d, left.expr, right.expr, !eq);
  const blank = raw("''");
  const leftEmpty = isEmptyOperand(left);
  const rightEmpty = isEmptyOperand(right);
  if (leftEmpty && rightEmpty) return op(blank, blank);
  if (isKnownNonEmpty(left) || isKnownNonEmpty(right)) return op(leftEmpty ? blank : left.expr, rightEmpty ? blank : right.expr);
  const orNull = (x: Sql) => (eq ? sql`(${op(blank, x)} OR ${x} IS NULL)` : sql`(${op(blank, x)} AND ${x} IS NOT NULL)`);
  if (leftEmpty) return orNull(right.expr);
  if (rightEmpty) {
    return eq ? sql`(${left.expr} = '' OR ${left.expr} IS NULL)` : sql`(${same(d, left.expr, blank, true)} AND ${left.expr} IS NOT NULL)`;
  }
  return op(sql`COALESCE(${left.expr}, '')`, sql`COALESCE(${right.expr}, '')`);
}

function same(d: Dialect, a: Sql, b: Sql, negate: boolean): Sql {
  return viaDialect((x, y) => d.same(x, y, negate), a, b);
}

/** The other side of a value-by-value check keeps its value only, like PocketBase's copy. */
function plain(o: Operand): Operand {
  return { expr: o.expr, fallback: 'auto', isNull: o.isNull, isConst: o.isConst, literals: literalsOf(o) };
}

/** No value of the multi-valued side fails the comparison against the other side. */
function manyVsOne(env: CompareEnv, multi: MultiValues, side: Operand, op: Operator, other: Operand, inverse: boolean): Sql {
  const value: Operand = { expr: multi.value, fallback: side.fallback, literals: [] };
  const cond = inverse ? compare(env, plain(other), op, value) : compare(env, value, op, plain(other));
  return sql`NOT EXISTS (SELECT 1 FROM ${raw(`(SELECT 1) ${env.names.next('r')}`)} ${multi.joins} WHERE NOT (${cond}))`;
}

/** No pair of values (one from each side) fails the comparison. */
function manyVsMany(env: CompareEnv, left: Operand, op: Operator, right: Operand): Sql {
  const l = env.names.next('v');
  const r = env.names.next('v');
  const v = env.dialect.quote('v');
  const values = (m: MultiValues) => sql`SELECT ${m.value} AS ${raw(v)} FROM ${raw(`(SELECT 1) ${env.names.next('r')}`)} ${m.joins}`;
  const cond = compare(env, { expr: raw(`${l}.${v}`), fallback: left.fallback }, op, { expr: raw(`${r}.${v}`), fallback: right.fallback });
  return sql`NOT EXISTS (SELECT 1 FROM (${values(left.multi!)}) ${raw(l)} LEFT JOIN (${values(right.multi!)}) ${raw(r)} ON 1=1 WHERE NOT (${cond}))`;
}
