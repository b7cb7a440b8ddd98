/**
 * Field options arrive as JSON and PocketBase decodes them into typed Go structs: a wrong JSON
 * type fails the whole request, null leaves the zero value, unknown keys vanish and the field
 * comes back with every option present, keys in alphabetical order. `normalizeKeys` does the same.
 */

import { BadRequestError } from '../../lib/errors.js';
import { parseDate } from '../../lib/time.js';
import type { Field } from '../model.js';
import { lengthOutOfRange } from './rule-errors.js';

/** `float?` is a number or null (number min/max); `date` a datetime string or "". */
export type OptionKind = 'bool' | 'int' | 'string' | 'strings' | 'float?' | 'date';
export type OptionSpec = Readonly<Record<string, OptionKind>>;

/** The message PocketBase answers with when a body does not decode into its structs. */
export const invalidFormatMessage = 'Failed to load the submitted data due to invalid formatting.';

/** Integer options are Go ints; options above this fail with a max error, as in PocketBase. */
export const maxSafeJsonInt = Number.MAX_SAFE_INTEGER;

/** Go's int is 64 bits; a larger JSON number cannot be decoded at all. */
const goIntLimit = 2 ** 63;

/** Dashboard help texts are capped (runes). */
const helpRunesMax = 300;

const commonSpec: OptionSpec = {
  id: 'string', name: 'string', type: 'string', system: 'bool', hidden: 'bool', presentable: 'bool',
};

const zeroValues: Record<OptionKind, () => unknown> = {
  bool: () => false, int: () => 0, string: () => '', strings: () => [], 'float?': () => null, date: () => '',
};

/** The option defaults a spec implies: Go zero values. */
export function defaultsOf(spec: OptionSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).map(([key, kind]) => [key, zeroValues[kind]()]));
}

/**
 * Fills defaults, checks JSON types and drops unknown keys in place.
 * Throws a 400 BadRequestError (empty data) on a wrongly typed option, like PocketBase.
 */
export function normalizeKeys(field: Field, spec: OptionSpec): void {
  const all = { ...commonSpec, ...spec };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(all).sort()) out[key] = decode(field[key], all[key]);
  for (const key of Object.keys(field)) delete field[key];
  Object.assign(field, out);
}

function decode(v: unknown, kind: OptionKind): unknown {
  if (v === null || v === undefined) return zeroValues[kind]();
  switch (kind) {
    case 'bool':
      return typeof v === 'boolean' ? v : invalid();
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < goIntLimit ? v : invalid();
    case 'string':
      return typeof v === 'string' ? v : invalid();
    case 'float?':
      return typeof v === 'number' && Number.isFinite(v) ? v : invalid();
    case 'date':
      return typeof v === 'string' ? parseDate(v) : invalid();
    case 'strings':
      if (!Array.isArray(v)) return invalid();
      return v.map((s) => (s === null ? '' : typeof s === 'string' ? s : invalid()));
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function invalid(): never {
  throw new BadRequestError(invalidFormatMessage);
}

/** Help may be empty; otherwise 1–300 runes. */
export function checkHelp(help: unknown) {
  const runes = [...String(help ?? '')].length;
  return runes > helpRunesMax ? lengthOutOfRange(1, helpRunesMax) : undefined;
}

/** A numeric option as a number; 0 when absent (options read before normalization stay safe). */
export function optionNumber(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
