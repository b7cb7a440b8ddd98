import { BadRequestError, fieldError, ValidationError, type ErrorData } from '../lib/errors.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { AuthDeps, Background } from './auth-deps.js';
import { emailError, findAuthRecordByEmail, lengthError, requiredError, text, throwIfErrors } from './auth-forms.js';
import { sendPasswordResetMail } from './auth-mails.js';
import { recordFromToken } from './auth-records.js';
import { peekClaims } from './tokens.js';
import { resendWindowSeconds } from './verification.js';

const resendKey = (c: Collection, r: RecordData) => `@limitPasswordResetEmail_${c.id}${r.id}`;
/** Longer passwords are cut off by the field's own limit (71); this bounds the form first. */
const passwordCharsMax = 255;

const passwordAuthDisabled = 'The collection is not configured to allow password authentication.';

/**
 * Password reset: request emails a `passwordReset` token; confirm sets the new password. Saving a
 * new password rotates the record's tokenKey, which kills the reset token itself and every
 * auth token issued before.
 */
export class PasswordResetService {
  constructor(private readonly d: AuthDeps) {}

  async request(c: Collection, body: Record<string, unknown>): Promise<{ background: Background }> {
    if (!c.passwordAuth?.enabled) throw new BadRequestError(passwordAuthDisabled);
    const email = text(body.email);
    const e = emailError(email);
    if (e) throwIfErrors({ email: e });
    const record = await findAuthRecordByEmail(this.d.store, c, email);
    if (!record) return { background: undefined };
    const key = resendKey(c, record);
    if (!(await this.d.limiter.consume(key, 1, resendWindowSeconds))) return { background: undefined };
    // A failed send must not block the next attempt.
    const background = sendPasswordResetMail(this.d, c, record).catch(async (err) => {
      await this.d.limiter.reset(key);
      throw err;
    });
    return { background };
  }

  async confirm(c: Collection, body: Record<string, unknown>): Promise<void> {
    const token = text(body.token);
    const password = text(body.password);
    const passwordConfirm = text(body.passwordConfirm);
    const errors: ErrorData = {};
    const found = token ? await recordFromToken(this.d.store, (id) => this.d.collections.find(id), token, 'passwordReset') : null;
    if (!token) errors.token = requiredError();
    else if (!found) errors.token = fieldError('validation_invalid_token', 'Invalid or expired token.');
    else if (found.collection.id !== c.id) errors.token = fieldError('validation_token_collection_mismatch', 'The provided token is for different auth collection.');
    const min = Math.max(1, Number(c.fields.find((f) => f.name === 'password')?.min ?? 0));
    const pe = password ? lengthError(password, min, passwordCharsMax) : requiredError();
    if (pe) errors.password = pe;
    if (!passwordConfirm) errors.passwordConfirm = requiredError();
    else if (passwordConfirm !== password) errors.passwordConfirm = fieldError('validation_values_mismatch', "Values don't match.");
    throwIfErrors(errors);

    const record = found!.record;
    const patch: Record<string, unknown> = { password, passwordConfirm: password };
    // The token went to the address on record: following it proves the address.
    if (!record.verified && peekClaims(token)?.email === record.email) patch.verified = true;
    try {
      await this.d.records.update(c, record, patch, { superuser: true });
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(err.data, 'Failed to set new password.');
      throw err;
    }
    await this.d.limiter.reset(resendKey(c, record));
  }
}
