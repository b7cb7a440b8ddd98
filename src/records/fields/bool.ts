import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { castBool } from './go-cast.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', required: 'bool' };

export const bool: FieldType = {
  type: 'bool',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({ help: checkHelp(field.help) });
  },

  column: () => 'bool',
  zero: () => false,
  prepare: (raw) => castBool(raw),
  // A required bool must be true: false is its blank value.
  validate: (value, field) => (field.required && !castBool(value) ? required() : undefined),
  toDb: (value) => (castBool(value) ? 1 : 0),
  // SQLite hands back 0/1, Postgres true/false.
  fromDb: (raw) => castBool(raw),
};
