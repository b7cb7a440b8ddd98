import { fieldError, type FieldError } from '../../lib/errors.js';
import { generateFromPattern } from '../../lib/ids.js';
import type { Collection, Field } from '../model.js';
import type { FieldType, OptionsContext, ValueContext } from './field-type.js';
import { castString } from './go-cast.js';
import { checkRegexOption, matchesGoRegexp } from './go-regexp.js';
import { checkHelp, defaultsOf, maxSafeJsonInt, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, mustBeEmpty, required } from './rule-errors.js';

const spec: OptionSpec = {
  help: 'string', min: 'int', max: 'int', pattern: 'string', autogeneratePattern: 'string',
  primaryKey: 'bool', required: 'bool',
};

/** `max: 0` still caps text, so a plain text column cannot grow without bound. */
export const textRunesMaxDefault = 5000;

/** The stock id pattern; ids matching it are safe as file names, so the extra pk checks are skipped. */
export const defaultIdPattern = '^[a-z0-9]+$';

/** Custom ids become directory names of stored files; these characters break some file systems. */
const forbiddenPkChars = ['.', '/', '\\', '|', '"', "'", '`', '<', '>', ':', '?', '*', '%', '$', '\0', '\t', '\n', '\r', ' '];
/** Windows device names, refused case-insensitively for the same reason. */
const reservedPks = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
const reservedPkRunesMax = 4;

/** How many generated samples must satisfy the field's own rules before a pattern is accepted. */
const autogenerateSamples = 10;

export const text: FieldType = {
  type: 'text',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field, ctx: OptionsContext) {
    normalizeKeys(field, spec);
    const pk = field.primaryKey === true;
    return collectErrors({
      help: checkHelp(field.help),
      name: pk && field.name !== 'id' ? fieldError('validation_in_invalid', 'The primary key must be named "id".') : undefined,
      primaryKey: pk && countPrimaryKeys(ctx.collection) > 1 ? compositePk() : undefined,
      min: checkRange(optionNumber(field.min), 0, maxSafeJsonInt),
      max: checkRange(optionNumber(field.max), optionNumber(field.min), maxSafeJsonInt),
      pattern: pk && !field.pattern ? required() : checkRegexOption(field.pattern),
      hidden: pk && field.hidden ? mustBeEmpty() : undefined,
      required: pk && !field.required ? required() : undefined,
      autogeneratePattern: checkRegexOption(field.autogeneratePattern) ?? checkAutogenerate(field),
    });
  },

  column: () => 'text',
  zero: () => '',
  prepare: (raw) => castString(raw),

  async validate(value, field, ctx) {
    const v = castString(value);
    if (field.primaryKey) {
      // The write path refuses id changes; a stored id is trusted even if the rules changed since.
      if (!ctx.isNew) return undefined;
      // Custom patterns may allow ids that differ only in case, which collide as directory names.
      if (field.pattern !== defaultIdPattern && (await idTakenIgnoringCase(ctx, v))) {
        return fieldError('validation_pk_invalid', 'The record primary key is invalid or already exists.');
      }
    }
    return validatePlainText(v, field);
  },

  toDb: (value) => castString(value),
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};

/** A fresh value from `autogeneratePattern` (new records, `field:autogenerate`); undefined if none. */
export function autogenerateText(field: Field): string | undefined {
  const pattern = String(field.autogeneratePattern ?? '');
  return pattern ? generateFromPattern(pattern) ?? undefined : undefined;
}

/** The rules that need no database: required, rune length, pattern and the custom-id checks. */
export function validatePlainText(v: string, field: Field): FieldError | undefined {
  if ((field.required || field.primaryKey) && v === '') return required();
  if (v === '') return undefined;
  const runes = [...v].length;
  const min = optionNumber(field.min);
  if (min > 0 && runes < min) {
    return fieldError('validation_min_text_constraint', `Must be at least ${min} character(s).`, { min });
  }
  const max = optionNumber(field.max) || textRunesMaxDefault;
  if (max > 0 && runes > max) {
    return fieldError('validation_max_text_constraint', `Must be no more than ${max} character(s).`, { max });
  }
  const pattern = String(field.pattern ?? '');
  if (pattern && !matchesGoRegexp(pattern, v)) return fieldError('validation_invalid_format', 'Invalid value format.');
  if (field.primaryKey && pattern !== defaultIdPattern) return checkCustomId(v, runes);
  return undefined;
}

function checkCustomId(v: string, runes: number): FieldError | undefined {
  const ch = forbiddenPkChars.find((c) => v.includes(c));
  if (ch !== undefined) {
    return fieldError('validation_forbidden_pk_character', `'${ch}' is not a valid primary key character.`, { ch });
  }
  const reserved = runes <= reservedPkRunesMax ? reservedPks.find((r) => r === v.toUpperCase()) : undefined;
  if (reserved) {
    return fieldError('validation_reserved_pk', `The primary key '${reserved}' is reserved and cannot be used.`, { reserved });
  }
  return undefined;
}

async function idTakenIgnoringCase(ctx: ValueContext, id: string): Promise<boolean> {
  const table = ctx.db.dialect.quote(ctx.collection.name);
  // lower() folds ASCII like SQLite's NOCASE, which is what PocketBase compares with.
  const row = await ctx.db.get(`SELECT 1 AS found FROM ${table} WHERE lower(id) = lower(?) LIMIT 1`, [id]);
  return row !== undefined;
}

function checkAutogenerate(field: Field): FieldError | undefined {
  for (let i = 0; i < autogenerateSamples; i++) {
    const sample = autogenerateText(field);
    // Patterns outside what lib/ids can generate are not sampled; PocketBase would accept them.
    if (sample === undefined) return undefined;
    if (validatePlainText(sample, field)) {
      return fieldError(
        'validation_invalid_autogenerate_pattern_value',
        `The provided autogenerate pattern could produce invalid field values, ex.: ${JSON.stringify(sample)}.`,
      );
    }
  }
  return undefined;
}

function countPrimaryKeys(c: Collection): number {
  return c.fields.filter((f) => f.type === 'text' && f.primaryKey === true).length;
}

const compositePk = () =>
  fieldError('validation_unsupported_composite_pk', 'Composite PKs are not supported and the collection must have only 1 PK.');
