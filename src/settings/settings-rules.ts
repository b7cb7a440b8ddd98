import { fieldError, type ErrorData, type FieldError } from '../lib/errors.js';

/**
 * Field rules with ozzo-validation's semantics, which PocketBase's settings errors follow:
 * a field reports only its first failing rule, and every rule except `required` passes an
 * empty value ("" or 0) so that emptiness is `required`'s call alone.
 */

export type Rule<T> = (value: T) => FieldError | undefined;

const isEmpty = (v: unknown) => v === '' || v === 0 || v === false || v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/** The first failing rule's error. */
export function check<T>(value: T, ...rules: Rule<T>[]): FieldError | undefined {
  for (const rule of rules) {
    const err = rule(value);
    if (err) return err;
  }
  return undefined;
}

export const required: Rule<unknown> = (v) => (isEmpty(v) ? fieldError('validation_required', 'Cannot be blank.') : undefined);

/** ozzo `When(cond, Required)`. */
export const requiredIf = (cond: boolean): Rule<unknown> => (v) => (cond ? required(v) : undefined);

/** Rune length, as Go counts it. */
export const length = (min: number, max: number): Rule<string> => (v) => {
  if (v === '') return undefined;
  const n = [...v].length;
  if (n >= min && n <= max) return undefined;
  return min === max
    ? fieldError('validation_length_invalid', `The length must be exactly ${min}.`, { max, min })
    : fieldError('validation_length_out_of_range', `The length must be between ${min} and ${max}.`, { max, min });
};

export const min = (threshold: number): Rule<number> => (v) =>
  v !== 0 && v < threshold
    ? fieldError('validation_min_greater_equal_than_required', `Must be no less than ${threshold}.`, { threshold })
    : undefined;

export const max = (threshold: number): Rule<number> => (v) =>
  v !== 0 && v > threshold
    ? fieldError('validation_max_less_equal_than_required', `Must be no greater than ${threshold}.`, { threshold })
    : undefined;

export const oneOf = (...allowed: string[]): Rule<string> => (v) =>
  v !== '' && !allowed.includes(v) ? fieldError('validation_in_invalid', 'Must be a valid value.') : undefined;

export const matches = (re: RegExp): Rule<string> => (v) =>
  v !== '' && !re.test(v) ? fieldError('validation_match_invalid', 'Must be in a valid format.') : undefined;

/** A string format check (ozzo `is.*`): its own code and message, skipped for "". */
export const format = (ok: (s: string) => boolean, code: string, message: string): Rule<string> => (v) =>
  v !== '' && !ok(v) ? fieldError(code, message) : undefined;

/** ozzo `Each(...)`: one error per failing item, keyed by index. */
export function eachItem<T>(items: T[], ...rules: Rule<T>[]): ErrorData | undefined {
  const errors: ErrorData = {};
  items.forEach((item, i) => {
    const err = check(item, ...rules);
    if (err) errors[String(i)] = err;
  });
  return Object.keys(errors).length ? errors : undefined;
}

/** Collects per-key results, dropping passes, keys in Go's (sorted) order. */
export function collect(entries: Record<string, FieldError | ErrorData | undefined>): ErrorData | undefined {
  const errors: ErrorData = {};
  for (const key of Object.keys(entries).sort()) {
    const err = entries[key];
    if (err) errors[key] = err;
  }
  return Object.keys(errors).length ? errors : undefined;
}
