import type { UploadedFile } from '../files/upload.js';
import { hashPassword, verifyPassword } from '../lib/passwords.js';
import { BadRequestError, fieldError, required, ValidationError, type ErrorData } from '../lib/errors.js';
import { generateFromPattern } from '../lib/ids.js';
import type { Executor } from '../store/store.js';
import type { ValueContext } from './fields/field-type.js';
import { getFieldType } from './fields/registry.js';
import type { Collection } from './model.js';
import type { RecordData } from './record.js';
import { applyBody, mismatch, zeroRecord } from './record-body.js';

/**
 * Validation half of the one write path: body → next values → field validation → auth rules.
 * Returns the record ready to store; throws a ValidationError with per-field data.
 */

export interface PrepareInput {
  collection: Collection;
  existing?: RecordData;
  body: Record<string, unknown>;
  superuser: boolean;
  /** May change another auth record's email/verified/password without its old password. */
  manager: boolean;
  db: Executor;
  collections: CollectionLookup;
  /** Files uploaded with this save, by stored name (their names are already in `body`). */
  uploads?: ReadonlyMap<string, UploadedFile>;
  /** Id for a new record whose body has none: fixed before the save when its files are stored first. */
  presetId?: string;
}

/** What the write path needs of the collections registry. */
export interface CollectionLookup {
  find(idOrName: string): Collection | undefined;
  all(): Collection[];
}

export interface Prepared {
  data: RecordData;
  submitted: Set<string>;
}

export async function prepareRecord(input: PrepareInput): Promise<Prepared> {
  const { collection: c, existing, body, superuser } = input;
  const isNew = !existing;
  const message = isNew ? 'Failed to create record.' : 'Failed to update record.';
  if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
  const base = existing ?? (input.presetId ? { ...zeroRecord(c), id: input.presetId } : zeroRecord(c));
  const { data, submitted, password, errors } = applyBody(c, base, body, { isNew, superuser });

  // PocketBase checks the password form first and reports only its errors when it fails
  if (c.type === 'auth') {
    const formErrors = await passwordFormErrors(input, password);
    if (Object.keys(formErrors).length) throw new ValidationError(formErrors, message);
  }
  if (!isNew && data.id !== existing!.id) errors.id = fieldError('validation_pk_change', 'The record primary key cannot be changed.');
  if (c.type === 'auth') authChecks(input, data, submitted, password, errors);

  const ctx: ValueContext = {
    collection: c, db: input.db, isNew, findCollection: (k) => input.collections.find(k), original: existing, uploads: input.uploads,
  };
  for (const f of c.fields) {
    if (errors[f.name] || f.type === 'autodate') continue;
    const value = f.type === 'password' ? (password ?? (isNew ? '' : undefined)) : data[f.name];
    if (value === undefined) continue;
    const e = await getFieldType(f.type).validate(value, f, ctx);
    if (e) errors[f.name] = e;
  }
  if (isNew && !errors.id) await checkAuthIdUnique(input, data, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors, message);

  if (password !== undefined && password !== '') {
    const pf = c.fields.find((f) => f.type === 'password');
    if (pf) data[pf.name] = await hashPassword(password);
  }
  return { data, submitted };
}

/** password / passwordConfirm / oldPassword, checked before anything else of an auth record. */
async function passwordFormErrors(input: PrepareInput, password: string | undefined): Promise<ErrorData> {
  const { existing, body } = input;
  const errors: ErrorData = {};
  const isNew = !existing;
  if (isNew && !password) errors.password = required();
  if (!password && !isNew) return errors;
  const confirm = body.passwordConfirm === undefined || body.passwordConfirm === null ? '' : String(body.passwordConfirm);
  if (!confirm) errors.passwordConfirm = required();
  else if (confirm !== password) errors.passwordConfirm = mismatch();
  if (!password) return errors;
  if (!isNew && !(input.superuser || input.manager)) {
    const old = body.oldPassword === undefined || body.oldPassword === null ? '' : String(body.oldPassword);
    if (!old) errors.oldPassword = required();
    else if (!(await verifyPassword(old, String(existing!.password ?? '')))) {
      errors.oldPassword = fieldError('validation_invalid_old_password', 'Missing or invalid old password.');
    }
  }
  return errors;
}

function authChecks(input: PrepareInput, data: RecordData, submitted: Set<string>, password: string | undefined, errors: ErrorData) {
  const { collection: c, existing, manager, superuser } = input;
  const isNew = !existing;
  const privileged = superuser || manager;
  const passwordChanged = password !== undefined && (isNew || password !== '');
  const emailChanged = !isNew && submitted.has('email') && data.email !== existing!.email;
  if (emailChanged && !privileged) errors.email = fieldError('validation_values_mismatch', 'Only superusers and managers can change the email directly.');
  const before = Boolean(existing?.verified);
  if (submitted.has('verified') && Boolean(data.verified) !== before && !privileged) errors.verified = mismatch();
  if (c.name === '_superusers') data.verified = true;
  if (isNew || passwordChanged || emailChanged) {
    const tk = c.fields.find((f) => f.name === 'tokenKey');
    data.tokenKey = generateFromPattern(String(tk?.autogeneratePattern || '[a-zA-Z0-9]{50}')) ?? '';
  }
}

/** PocketBase keeps auth record ids unique across every auth collection (tokens carry only the id). */
async function checkAuthIdUnique(input: PrepareInput, data: RecordData, errors: ErrorData) {
  if (input.collection.type !== 'auth') return;
  const q = input.db.dialect.quote;
  for (const other of input.collections.all()) {
    if (other.type !== 'auth' || other.id === input.collection.id) continue;
    const hit = await input.db.get(`SELECT 1 FROM ${q(other.name)} WHERE ${q('id')} = ? LIMIT 1`, [data.id]);
    if (hit) {
      errors.id = fieldError('validation_invalid_or_existing_id', 'The model id is invalid or already exists.');
      return;
    }
  }
}

/** Maps a driver's unique-constraint failure to PocketBase's per-field `validation_not_unique`. */
export function uniqueViolation(err: unknown, c: Collection): ErrorData | undefined {
  const msg = (err as Error)?.message ?? '';
  const m = /UNIQUE constraint failed: (.+)$/.exec(msg);
  if (!m) return undefined;
  const data: ErrorData = {};
  for (const part of m[1].split(',')) {
    const col = part.trim().split('.').pop()!;
    if (c.fields.some((f) => f.name === col)) data[col] = fieldError('validation_not_unique', 'Value must be unique.');
  }
  return Object.keys(data).length ? data : { id: fieldError('validation_not_unique', 'Value must be unique.') };
}
