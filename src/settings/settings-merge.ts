import { z } from 'zod';
import { BadRequestError } from '../lib/errors.js';
import { settingsSchema, type S3Config, type Settings, type SmtpConfig } from './settings-model.js';

/**
 * Applying a PATCH body to the settings, the way PocketBase decodes JSON onto its current
 * settings struct (Go encoding/json v2 with case-insensitive names):
 * - objects merge key by key, so omitted keys — secrets included — keep their value;
 * - arrays are replaced; their objects start from zero values, not from the old items;
 * - `null` resets a value to its zero ("", 0, false, [], or an all-zero object);
 * - key names match ignoring case, `_` and `-`; unknown keys are ignored;
 * - a wrong type anywhere, or two keys naming one field, rejects the whole body.
 * The body arrives already parsed, so two things Go also refuses pass here: a whole number
 * written as `1.0` or `1e1`, and an exact duplicate key (JSON.parse keeps the last one).
 */

export const loadErrorMessage = 'An error occurred while loading the submitted data.';

type Schema = z.ZodType;

export function mergeSettings(current: Settings, patch: unknown): Settings {
  // Untouched parts are carried over, so copy first: the result must share nothing with the frozen cache.
  return mergeValue(settingsSchema, structuredClone(current), patch) as Settings;
}

function loadError(): BadRequestError {
  return new BadRequestError(loadErrorMessage, {});
}

function mergeValue(schema: Schema, current: unknown, patch: unknown): unknown {
  if (patch === null) return zeroOf(schema);
  if (schema instanceof z.ZodObject) return mergeObject(schema, current, patch);
  if (schema instanceof z.ZodArray) {
    if (!Array.isArray(patch)) throw loadError();
    const item = schema.element as Schema;
    return patch.map((v) => mergeValue(item, zeroOf(item), v));
  }
  const parsed = schema.safeParse(patch);
  if (!parsed.success) throw loadError();
  return parsed.data;
}

function mergeObject(schema: z.ZodObject, current: unknown, patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch)) throw loadError();
  const shape = schema.shape as Record<string, Schema>;
  const base = isPlainObject(current) ? current : {};
  // Rebuild in schema order so stored and served JSON keep PocketBase's key order.
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) result[key] = key in base ? base[key] : zeroOf(shape[key]);

  const byFolded = new Map(Object.keys(shape).map((k) => [foldName(k), k]));
  const seen = new Set<string>();
  for (const [rawKey, value] of Object.entries(patch)) {
    const key = byFolded.get(foldName(rawKey));
    if (!key) continue;
    if (seen.has(key)) throw loadError();
    seen.add(key);
    result[key] = mergeValue(shape[key], result[key], value);
  }
  return result;
}

/** Go json v2's case-insensitive matching also ignores `_` and `-` ("app_name" sets appName). */
function foldName(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

/** Go's zero value for a field of this schema. */
function zeroOf(schema: Schema): unknown {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, Schema>;
    return Object.fromEntries(Object.keys(shape).map((k) => [k, zeroOf(shape[k])]));
  }
  if (schema instanceof z.ZodArray) return [];
  if (schema instanceof z.ZodString) return '';
  if (schema instanceof z.ZodNumber) return 0;
  if (schema instanceof z.ZodBoolean) return false;
  throw new Error('settings schema: no zero value for this field type');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Settings as served: the same JSON minus the secrets, which PocketBase never sends back. */
export type RedactedSettings = Omit<Settings, 'smtp' | 's3' | 'backups'> & {
  smtp: Omit<SmtpConfig, 'password'>;
  s3: Omit<S3Config, 'secret'>;
  backups: Omit<Settings['backups'], 's3'> & { s3: Omit<S3Config, 'secret'> };
};

export function redactSettings(s: Settings): RedactedSettings {
  const { password: _password, ...smtp } = s.smtp;
  const hideSecret = ({ secret: _secret, ...rest }: S3Config) => rest;
  // Spreads replace keys in place, so the served JSON keeps the stored key order.
  return structuredClone({ ...s, smtp, s3: hideSecret(s.s3), backups: { ...s.backups, s3: hideSecret(s.backups.s3) } });
}
