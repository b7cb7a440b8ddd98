import { BadRequestError, fieldError, type FieldError } from '../lib/errors.js';
import { randomString } from '../lib/ids.js';
import { superusersName, type Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { AuthDeps, Background } from './auth-deps.js';
import { emailError, findAuthRecordByEmail, randomPasswordBody, requiredError, text, throwIfErrors } from './auth-forms.js';
import { sendVerificationMail } from './auth-mails.js';
import { recordFromToken } from './auth-records.js';
import { peekClaims } from './tokens.js';

/** One verification email per record per window, so the endpoint can't be used to flood a mailbox. */
export const resendWindowSeconds = 120;

const resendKey = (c: Collection, r: RecordData) => `@limitVerificationEmail_${c.id}${r.id}`;

/**
 * Email verification: request sends a signed `verification` token to the address; confirm checks
 * it and marks the record verified. Requests say nothing about whether the address exists.
 */
export class VerificationService {
  constructor(private readonly d: AuthDeps) {}

  async request(c: Collection, body: Record<string, unknown>): Promise<{ background: Background }> {
    if (c.name === superusersName) throw new BadRequestError('All superusers are verified by default.');
    const email = text(body.email);
    const e = emailError(email);
    if (e) throwIfErrors({ email: e });
    const record = await findAuthRecordByEmail(this.d.store, c, email);
    if (!record || record.verified) return { background: undefined };
    if (!(await this.d.limiter.consume(resendKey(c, record), 1, resendWindowSeconds))) return { background: undefined };
    return { background: sendVerificationMail(this.d, c, record) };
  }

  async confirm(c: Collection, body: Record<string, unknown>): Promise<void> {
    if (c.name === superusersName) throw new BadRequestError('All superusers are verified by default.');
    const token = text(body.token);
    const { error, record } = await this.checkToken(c, token);
    if (error) throwIfErrors({ token: error });
    if (!record!.verified) {
      // Without password auth a verified record must not keep a password someone else may have set.
      const extra = c.passwordAuth?.enabled ? {} : randomPasswordBody(randomString(30));
      await this.d.records.update(c, record!, { verified: true, ...extra }, { superuser: true });
    }
    await this.d.limiter.reset(resendKey(c, record!));
  }

  private async checkToken(c: Collection, token: string): Promise<{ error?: FieldError; record?: RecordData }> {
    if (!token) return { error: requiredError() };
    const email = peekClaims(token)?.email;
    if (typeof email !== 'string' || !email) return { error: fieldError('validation_invalid_token_claims', 'Missing email token claim.') };
    const found = await recordFromToken(this.d.store, (id) => this.d.collections.find(id), token, 'verification');
    if (!found) return { error: fieldError('validation_invalid_token', 'Invalid or expired token.') };
    if (found.collection.id !== c.id) return { error: fieldError('validation_token_collection_mismatch', 'The provided token is for different auth collection.') };
    if (found.record.email !== email) return { error: fieldError('validation_token_email_mismatch', "The record email doesn't match with the requested token claims.") };
    return { record: found.record };
  }
}
