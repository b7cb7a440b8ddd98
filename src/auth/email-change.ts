import { BadRequestError, fieldError, ValidationError, type ErrorData, type FieldError } from '../lib/errors.js';
import { verifyPassword } from '../lib/passwords.js';
import { superusersName, type Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { AuthDeps } from './auth-deps.js';
import { emailError, findAuthRecordByEmail, lengthError, requiredError, text, throwIfErrors } from './auth-forms.js';
import { sendEmailChangeMail } from './auth-mails.js';
import { recordFromToken } from './auth-records.js';
import { peekClaims } from './tokens.js';

const superusersChangeDirectly = 'All superusers can change their emails directly.';

/**
 * Email change: the signed-in record asks for a new address and a signed `emailChange` token goes
 * to that address; confirming it (with the current password) sets the email and marks it verified.
 * The new email rotates the record's tokenKey, so the token can't be used twice.
 */
export class EmailChangeService {
  constructor(private readonly d: AuthDeps) {}

  /** Sends at once: unlike the other requests, the caller is signed in and learns of failures. */
  async request(c: Collection, record: RecordData, body: Record<string, unknown>): Promise<void> {
    if (c.name === superusersName) throw new BadRequestError(superusersChangeDirectly);
    const newEmail = text(body.newEmail);
    const e = emailError(newEmail) ?? (await this.newEmailError(c, record, newEmail));
    if (e) throwIfErrors({ newEmail: e });
    try {
      await sendEmailChangeMail(this.d, c, record, newEmail);
    } catch {
      throw new BadRequestError('Failed to request email change.');
    }
  }

  async confirm(c: Collection, body: Record<string, unknown>): Promise<void> {
    if (c.name === superusersName) throw new BadRequestError(superusersChangeDirectly);
    const token = text(body.token);
    const password = text(body.password);
    const parsed = token ? await this.parseToken(c, token) : { error: requiredError() };
    const errors: ErrorData = {};
    if (parsed.error) errors.token = parsed.error;
    const pe = password ? lengthError(password, 1, 100) : requiredError();
    if (pe) errors.password = pe;
    else if (!parsed.record || !(await verifyPassword(password, String(parsed.record.password ?? '')))) {
      errors.password = fieldError('validation_invalid_password', 'Missing or invalid auth record password.');
    }
    throwIfErrors(errors);
    try {
      await this.d.records.update(c, parsed.record!, { email: parsed.newEmail, verified: true }, { superuser: true });
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(err.data, 'Failed to confirm email change.');
      throw err;
    }
  }

  private async newEmailError(c: Collection, record: RecordData, newEmail: string): Promise<FieldError | undefined> {
    if (newEmail === record.email) return fieldError('validation_not_in_invalid', 'Must not be in list.');
    const other = await findAuthRecordByEmail(this.d.store, c, newEmail);
    if (other && other.id !== record.id) return fieldError('validation_invalid_new_email', 'Invalid new email address.');
    return undefined;
  }

  private async parseToken(c: Collection, token: string): Promise<{ error?: FieldError; record?: RecordData; newEmail?: string }> {
    const newEmail = peekClaims(token)?.newEmail;
    if (typeof newEmail !== 'string' || !newEmail) {
      return { error: fieldError('validation_invalid_token_payload', 'Invalid token payload - newEmail must be set.') };
    }
    const found = await recordFromToken(this.d.store, (id) => this.d.collections.find(id), token, 'emailChange');
    if (!found) return { error: fieldError('validation_invalid_token', 'Invalid or expired token.') };
    if (found.collection.id !== c.id) return { error: fieldError('validation_token_collection_mismatch', 'The provided token is for different auth collection.') };
    if (await findAuthRecordByEmail(this.d.store, c, newEmail)) return { error: fieldError('validation_invalid_token_email', 'The new email address is invalid.') };
    return { record: found.record, newEmail };
  }
}
