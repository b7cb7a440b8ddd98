import type { FieldError } from '../../lib/errors.js';
import { parseDate } from '../../lib/time.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { goTimeJson, goTimeString } from './go-format.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, maxThreshold, minThreshold, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', min: 'date', max: 'date', required: 'bool' };

/**
 * A datetime value in the wire format, "" when unparseable. Only text and Date are parsed:
 * PocketBase turns a JSON number into "" (it is not read as a unix time).
 */
export function toDateString(raw: unknown): string {
  return typeof raw === 'string' || raw instanceof Date ? parseDate(raw) : '';
}

/** Wire-format datetime ("YYYY-MM-DD HH:MM:SS.sssZ") to a Date. */
const toDate = (s: string) => new Date(s.replace(' ', 'T'));

export const date: FieldType = {
  type: 'date',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    // PocketBase's min <= max check never fires (its rule sees a string, not a date), so none here.
    return collectErrors({ help: checkHelp(field.help) });
  },

  column: () => 'text',
  zero: () => '',
  prepare: toDateString,

  validate(value, field): FieldError | undefined {
    const v = toDateString(value);
    if (v === '') return field.required ? required() : undefined;
    const d = toDate(v);
    if (field.min) {
      const min = toDate(String(field.min));
      if (d < min) return minThreshold(goTimeJson(min), goTimeString(min));
    }
    if (field.max) {
      const max = toDate(String(field.max));
      if (d > max) return maxThreshold(goTimeJson(max), goTimeString(max));
    }
    return undefined;
  },

  toDb: toDateString,
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};
