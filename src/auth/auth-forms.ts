import { fieldError, ValidationError, type ErrorData, type FieldError } from '../lib/errors.js';
import { isEmailFormat } from '../records/fields/email-format.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { rowToData } from '../records/record.js';
import type { Executor } from '../store/store.js';

/**
 * Small pieces shared by the auth forms: field checks with PocketBase's codes and messages,
 * and the lookups every flow starts with.
 */

/** Form values arrive as JSON or form fields; anything but a string counts as blank. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export const requiredError = (): FieldError => fieldError('validation_required', 'Cannot be blank.');

export function lengthError(value: string, min: number, max: number): FieldError | undefined {
  const n = [...value].length;
  if (n >= min && n <= max) return undefined;
  return fieldError('validation_length_out_of_range', `The length must be between ${min} and ${max}.`, { max, min });
}

/** Required, 1–255 characters, an email address. */
export function emailError(value: string): FieldError | undefined {
  if (!value) return requiredError();
  return lengthError(value, 1, 255) ?? (isEmailFormat(value) ? undefined : fieldError('validation_is_email', 'Must be a valid email address.'));
}

/** Throws the standard 400 when any field failed. */
export function throwIfErrors(errors: ErrorData, message = 'An error occurred while validating the submitted data.'): void {
  if (Object.keys(errors).length) throw new ValidationError(errors, message);
}

/** A single-column unique index on the field declared `COLLATE NOCASE` makes lookups case-insensitive. */
export function isNocaseUnique(c: Collection, field: string): boolean {
  const re = new RegExp(`^\\s*CREATE\\s+UNIQUE\\s+INDEX[^(]*\\(\\s*[\`"']?${field}[\`"']?\\s+COLLATE\\s+NOCASE\\s*\\)`, 'i');
  return c.indexes.some((sql) => re.test(sql));
}

export async function findAuthRecordByEmail(db: Executor, c: Collection, email: string): Promise<RecordData | undefined> {
  if (!email) return undefined;
  const q = db.dialect.quote;
  const where = isNocaseUnique(c, 'email') ? `LOWER(${q('email')}) = LOWER(?)` : `${q('email')} = ?`;
  const row = await db.get(db.dialect.finalize(`SELECT * FROM ${q(c.name)} WHERE ${where} LIMIT 1`), [email]);
  return row ? rowToData(c, row) : undefined;
}

/** `created` + duration is in the past. Datetimes are PocketBase's `YYYY-MM-DD HH:MM:SS.sssZ`. */
export function hasExpired(created: unknown, durationSeconds: number, now = Date.now()): boolean {
  const t = Date.parse(String(created ?? '').replace(' ', 'T'));
  return !Number.isFinite(t) || t + durationSeconds * 1000 < now;
}

/** Random password for flows that must make an old one useless (pre-hijacking guards). */
export function randomPasswordBody(random: string): Record<string, unknown> {
  return { password: random, passwordConfirm: random };
}
