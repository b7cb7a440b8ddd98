import type { ValueType } from '../store/dialect.js';
import { PathParam, raw, type Sql } from './sql-fragment.js';

/**
 * A resolved comparison operand: a SQL value expression plus what the comparison builder needs
 * to reproduce PocketBase's empty/NULL handling and multi-value semantics.
 */
export interface Operand {
  readonly expr: Sql;
  /** What `expr` holds; Postgres needs it to compare unlike values (absent: NULL or unknown). */
  readonly type?: ValueType;
  /**
   * How `=`/`!=` treat NULL: 'auto' treats '' and NULL alike, 'disabled' compares strictly with
   * IS / IS NOT (json paths, geoDistance, :changed), 'enforced' never assumes the value non-empty.
   */
  readonly fallback: 'auto' | 'disabled' | 'enforced';
  /** SQL NULL written as a literal (`null`, an unknown `@request.*` key, a guest's auth field). */
  readonly isNull?: boolean;
  /** A constant that can't be empty: `true`, `false`, `:isset`. */
  readonly isConst?: boolean;
  /**
   * The literal values the operand stands for. Defaults to `expr.params` (json paths excluded);
   * set when the value lives in a join instead (`@request.body.tags:each`).
   */
  readonly literals?: readonly unknown[];
  /** Every value of a multi-valued path, for the "all values" check of plain operators. */
  readonly multi?: MultiValues;
  /** Wraps the finished comparison (auth emails are matchable only where visible). */
  readonly guard?: (condition: Sql) => Sql;
}

/** A correlated subquery body listing all values: `FROM root <joins>` selecting `value`. */
export interface MultiValues {
  readonly joins: Sql;
  readonly value: Sql;
}

export const nullOperand: Operand = { expr: raw('NULL'), fallback: 'auto', isNull: true, type: 'any' };

/** The type of a bound literal. */
export function valueType(v: unknown): ValueType {
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : v === null || v === undefined ? 'any' : 'text';
}

export function literalsOf(o: Operand): readonly unknown[] {
  return o.literals ?? o.expr.params.filter((p) => !(p instanceof PathParam));
}

const isEmptyValue = (v: unknown) => v === null || v === undefined || v === '';

/** Known to be '' or NULL, so `= ""` / `= null` style comparisons apply. */
export function isEmptyOperand(o: Operand): boolean {
  if (o.isNull) return true;
  const lits = literalsOf(o);
  return o.fallback === 'auto' && lits.length === 1 && isEmptyValue(lits[0]);
}

/** Known not to be empty, so a plain comparison needs no NULL fallback. */
export function isKnownNonEmpty(o: Operand): boolean {
  if (o.fallback === 'enforced') return false;
  if (o.isConst) return true;
  const lits = literalsOf(o);
  return lits.length > 0 && !lits.some(isEmptyValue) && !o.isNull;
}

/** The one bound value `expr` is made of, if it is a single placeholder. */
export function boundValue(o: Operand): unknown {
  const [p] = o.expr.params;
  return o.expr.text === '?' && o.expr.params.length === 1 && !(p instanceof PathParam) ? p : undefined;
}

/** Literal-valued operands (texts, numbers, `@request.*` values) as opposed to columns. */
export function hasLiterals(o: Operand): boolean {
  return literalsOf(o).length > 0;
}
