import { fieldError, type FieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { castNumber } from './go-cast.js';
import { formatFloatVerb } from './go-format.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', min: 'float?', max: 'float?', onlyInt: 'bool', required: 'bool' };

/** Go checks "integer" by a round trip through int64, so values beyond its range never are. */
const int64Limit = 2 ** 63;

export const number: FieldType = {
  type: 'number',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    const min = field.min as number | null;
    const max = field.max as number | null;
    return collectErrors({
      help: checkHelp(field.help),
      min: checkOnlyInt(min, field),
      max: checkOnlyInt(max, field) ?? (min !== null && max !== null && max < min ? minError(min) : undefined),
    });
  },

  column: () => 'number',
  zero: () => 0,
  prepare: (raw) => castNumber(raw),

  modify(current, modifier, raw) {
    // Numbers have `field+` and `field-` only; PocketBase ignores `+field` for them.
    if (modifier === 'append') return castNumber(current) + castNumber(raw);
    if (modifier === 'subtract') return castNumber(current) - castNumber(raw);
    return current;
  },

  validate(value, field) {
    const v = castNumber(value);
    if (!Number.isFinite(v)) return fieldError('validation_not_a_number', 'The submitted number is not properly formatted.');
    if (v === 0) return field.required ? required() : undefined;
    if (field.onlyInt && !isGoInt(v)) return onlyIntError();
    const { min, max } = field;
    if (typeof min === 'number' && v < min) return minError(min);
    if (typeof max === 'number' && v > max) {
      return fieldError('validation_max_number_constraint', `Must be less or equal than ${formatFloatVerb(max)}.`, { max });
    }
    return undefined;
  },

  toDb: (value) => castNumber(value),
  fromDb: (raw) => {
    const n = Number(raw ?? 0);
    return Number.isNaN(n) ? 0 : n;
  },
};

function isGoInt(v: number): boolean {
  return Number.isInteger(v) && v >= -int64Limit && v < int64Limit;
}

function checkOnlyInt(v: number | null, field: Field): FieldError | undefined {
  return v !== null && field.onlyInt && !isGoInt(v) ? onlyIntError() : undefined;
}

const onlyIntError = () => fieldError('validation_only_int_constraint', 'Decimal numbers are not allowed.');

const minError = (min: number) =>
  fieldError('validation_min_number_constraint', `Must be greater or equal than ${formatFloatVerb(min)}.`, { min });
