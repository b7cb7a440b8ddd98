import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { castString } from './go-cast.js';
import { checkRegexOption, matchesGoRegexp } from './go-regexp.js';
import { checkHelp, defaultsOf, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, invalidValue, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', pattern: 'string', min: 'int', max: 'int', cost: 'int', required: 'bool' };

/**
 * PocketBase hashes with bcrypt, which refuses more than 72 bytes; the refusal is part of the
 * wire behaviour, so it is kept whatever hash the write path uses.
 */
export const bcryptBytesMax = 72;
/** Longest password (runes); also the default when `max` is 0. */
export const passwordRunesMax = 71;
/** `cost` is kept for PocketBase compatibility (bcrypt's range); 0 means the default. */
export const bcryptCostMin = 4;
export const bcryptCostMax = 31;

/**
 * A password as the write path holds it: the submitted plaintext (validated) and/or the stored
 * hash. A plain string is a freshly submitted plaintext.
 */
export interface PasswordValue {
  plain?: string;
  hash?: string;
}

export const password: FieldType = {
  type: 'password',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    const min = optionNumber(field.min);
    return collectErrors({
      help: checkHelp(field.help),
      min: checkRange(min, 1, passwordRunesMax),
      max: checkRange(optionNumber(field.max), min, passwordRunesMax),
      cost: checkRange(optionNumber(field.cost), bcryptCostMin, bcryptCostMax),
      pattern: checkRegexOption(field.pattern),
    });
  },

  column: () => 'text',
  zero: () => '',
  prepare: (raw) => castString(raw),

  validate(value, field) {
    const { plain = '', hash = '' } = passwordParts(value);
    // Hashing fails first in PocketBase, so an over-long input reports this before any rule.
    if (Buffer.byteLength(plain, 'utf8') > bcryptBytesMax) return invalidValue();
    if (field.required && !plain && !hash) return required();
    if (!plain) return undefined;
    const runes = [...plain].length;
    // PocketBase words these without params, unlike the text field's.
    const min = optionNumber(field.min);
    if (runes < min) return fieldError('validation_min_text_constraint', `Must be at least ${min} character(s).`);
    const max = optionNumber(field.max) || passwordRunesMax;
    if (runes > max) return fieldError('validation_max_text_constraint', `Must be less than ${max} character(s).`);
    const pattern = String(field.pattern ?? '');
    if (pattern && !matchesGoRegexp(pattern, plain)) return fieldError('validation_invalid_format', 'Invalid value format.');
    return undefined;
  },

  /** The write path replaces the plaintext with its hash before this; the hash is what is stored. */
  toDb: (value) => passwordParts(value).hash ?? castString(value),
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};

function passwordParts(value: unknown): PasswordValue {
  if (value !== null && typeof value === 'object') return value as PasswordValue;
  return { plain: castString(value) };
}
