import { BadRequestError, fieldError, ForbiddenError, ValidationError, type ErrorData } from '../lib/errors.js';
import { dummyVerify, verifyPassword } from '../lib/passwords.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { rowToData } from '../records/record.js';
import type { Executor } from '../store/store.js';
import { isNocaseUnique } from './auth-forms.js';

const identityCharsMax = 255;
const emailShape = /^[^@\s]+@[^@\s]+$/;

export interface PasswordAuthInput {
  identity?: unknown;
  password?: unknown;
  identityField?: unknown;
}

function validateInput(c: Collection, input: PasswordAuthInput): { identity: string; password: string; fields: string[] } {
  const errors: ErrorData = {};
  const identity = typeof input.identity === 'string' ? input.identity : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const allowed = c.passwordAuth?.identityFields ?? [];
  if (!identity) errors.identity = fieldError('validation_required', 'Cannot be blank.');
  else if (identity.length > identityCharsMax) errors.identity = fieldError('validation_length_out_of_range', `The length must be between 1 and ${identityCharsMax}.`, { min: 1, max: identityCharsMax });
  if (!password) errors.password = fieldError('validation_required', 'Cannot be blank.');
  else if (password.length > identityCharsMax) errors.password = fieldError('validation_length_out_of_range', `The length must be between 1 and ${identityCharsMax}.`, { min: 1, max: identityCharsMax });
  const field = typeof input.identityField === 'string' ? input.identityField : '';
  if (field && !allowed.includes(field)) errors.identityField = fieldError('validation_in_invalid', 'Must be a valid value.');
  if (Object.keys(errors).length) throw new ValidationError(errors);
  // email first, and only when the identity looks like one
  const ordered = field ? [field] : [...allowed].sort((a, b) => (a === 'email' ? -1 : b === 'email' ? 1 : 0));
  return { identity, password, fields: ordered.filter((f) => f !== 'email' || emailShape.test(identity)) };
}

/** Finds the auth record by its identity fields and checks the password; one answer for every failure. */
export async function authenticateWithPassword(db: Executor, c: Collection, input: PasswordAuthInput): Promise<RecordData> {
  if (!c.passwordAuth?.enabled) throw new ForbiddenError('The collection is not configured to allow password authentication.');
  const { identity, password, fields } = validateInput(c, input);
  const q = db.dialect.quote;
  for (const f of fields) {
    if (!c.fields.some((x) => x.name === f)) continue;
    // A `COLLATE NOCASE` unique index makes the identity case-insensitive, as in PocketBase.
    const where = isNocaseUnique(c, f) ? `LOWER(${q(f)}) = LOWER(?)` : `${q(f)} = ?`;
    const row = await db.get(`SELECT * FROM ${q(c.name)} WHERE ${where} LIMIT 1`, [identity]);
    if (!row) continue;
    const record = rowToData(c, row);
    if (await verifyPassword(password, String(record.password ?? ''))) return record;
    throw new BadRequestError('Failed to authenticate.');
  }
  await dummyVerify(password);
  throw new BadRequestError('Failed to authenticate.');
}
