import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { checkHelp, defaultsOf, maxSafeJsonInt, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', maxSize: 'int', required: 'bool' };

/** `maxSize: 0` still caps a JSON value (bytes of its serialized form). */
export const jsonBytesMaxDefault = 1 << 20;

export function jsonMaxSize(field: Field): number {
  const size = optionNumber(field.maxSize);
  return size > 0 ? size : jsonBytesMaxDefault;
}

/** Form fields can only send text, so text that is clearly JSON is read as JSON. */
const looksLikeJson = /^[0-9\-"[{]/;

/**
 * Control characters Go's strconv.Quote writes as `\a`, `\v` or `\xNN`, which JSON does not
 * allow: PocketBase stores such text as broken JSON and then refuses it.
 */
const unquotable = /[\x00-\x07\x0b\x0e-\x1f\x7f]/;

/** Text PocketBase cannot encode as a JSON string; validation refuses it. */
export class UnencodableJson {
  constructor(readonly text: string) {}
}

const invalidJson = () => fieldError('validation_invalid_json', 'Must be a valid json value.');

export const json: FieldType = {
  type: 'json',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({
      help: checkHelp(field.help),
      maxSize: checkRange(optionNumber(field.maxSize), 0, maxSafeJsonInt),
    });
  },

  column: () => 'json',
  zero: () => null,
  prepare: (raw) => (typeof raw === 'string' ? parseJsonText(raw) : sortKeys(raw ?? null)),

  validate(value, field) {
    const maxSize = jsonMaxSize(field);
    const encodable = !(value instanceof UnencodableJson);
    const text = value === null || value === undefined ? '' : JSON.stringify(encodable ? value : value.text);
    if (Buffer.byteLength(text, 'utf8') > maxSize) {
      return fieldError('validation_json_size_limit', `The maximum allowed JSON size is ${maxSize} bytes.`, { maxSize });
    }
    // Numbers beyond float64 (e.g. "1e400") are invalid JSON to Go, though JavaScript reads Infinity.
    if (!encodable || hasNonFinite(value)) return invalidJson();
    return field.required && isEmptyJson(value) ? required() : undefined;
  },

  toDb: (value) => (value === null || value === undefined ? null : JSON.stringify(value)),

  fromDb(raw) {
    if (raw === null || raw === undefined) return null;
    // SQLite gives JSON columns numeric affinity, so plain numbers come back as numbers.
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'bigint') return Number(raw);
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  },
};

/** PocketBase's rule for string input: JSON literals and JSON-looking text parse, the rest is a string. */
export function parseJsonText(s: string): unknown {
  if (s === 'null' || s === 'true' || s === 'false' || looksLikeJson.test(s)) {
    try {
      return JSON.parse(s);
    } catch {
      // not valid JSON after all: keep it as a string
    }
  }
  return unquotable.test(s) ? new UnencodableJson(s) : s;
}

/** Go re-encodes non-text input, which orders object keys. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, inner]) => [k, sortKeys(inner)]));
}

function hasNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v === null || typeof v !== 'object') return false;
  return Object.values(v).some(hasNonFinite);
}

/** null, "", [] and {} count as blank for `required`. */
function isEmptyJson(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}
