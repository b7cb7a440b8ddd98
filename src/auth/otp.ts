import { ApiError, BadRequestError, ForbiddenError, type ErrorData } from '../lib/errors.js';
import { newId, randomString } from '../lib/ids.js';
import { verifyPassword } from '../lib/passwords.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById, findWhere } from '../records/record-repo.js';
import { systemCollection, type AuthDeps, type Background } from './auth-deps.js';
import { emailError, findAuthRecordByEmail, hasExpired, lengthError, randomPasswordBody, requiredError, text, throwIfErrors } from './auth-forms.js';
import { sendOtpMail } from './auth-mails.js';

export const otpsName = '_otps';
/** Live codes per record; past this the newest is handed out again instead of mailing another. */
const liveOtpsMax = 10;
/** Codes are short digit strings: a few guesses per record, then a new code is needed. */
const otpAttemptsMax = 5;
const otpAttemptsWindowSeconds = 180;
const otpPasswordCharsMax = 71;

const disabled = () => new ForbiddenError('The collection is not configured to allow OTP authentication.');
const invalid = () => new BadRequestError('Invalid or expired OTP.');

export interface OtpRequestResult {
  otpId: string;
  background: Background;
}

/**
 * One-time passwords by email: request stores a hashed random code in `_otps` and mails it;
 * auth-with-otp accepts it once, before it expires. Unknown addresses get a random id and no
 * mail, so the answer never tells whether an account exists.
 */
export class OtpService {
  constructor(private readonly d: AuthDeps) {}

  async request(c: Collection, body: Record<string, unknown>): Promise<OtpRequestResult> {
    if (!c.otp?.enabled) throw disabled();
    const email = text(body.email);
    const e = emailError(email);
    if (e) throwIfErrors({ email: e });
    const record = await findAuthRecordByEmail(this.d.store, c, email);
    if (!record) return { otpId: newId(), background: undefined };

    const reused = await this.newestIfTooMany(c, record);
    if (reused) return { otpId: reused, background: undefined };
    const otps = systemCollection(this.d, otpsName);
    const code = randomString(c.otp.length, '0123456789');
    const otp = await this.d.records.create(otps, { collectionRef: c.id, recordRef: record.id, password: code }, { superuser: true });
    return { otpId: String(otp.id), background: this.mail(c, record, otp, code) };
  }

  /** Checks the code and consumes it; returns the record to sign in (verified if the mail proved it). */
  async authenticate(c: Collection, body: Record<string, unknown>): Promise<RecordData> {
    if (!c.otp?.enabled) throw disabled();
    const otpId = text(body.otpId);
    const password = text(body.password);
    const errors: ErrorData = {};
    const ie = otpId ? lengthError(otpId, 1, 255) : requiredError();
    if (ie) errors.otpId = ie;
    const pe = password ? lengthError(password, 1, otpPasswordCharsMax) : requiredError();
    if (pe) errors.password = pe;
    throwIfErrors(errors);

    const otps = systemCollection(this.d, otpsName);
    const otp = await findById(this.d.store, otps, otpId);
    if (!otp || otp.collectionRef !== c.id || hasExpired(otp.created, c.otp.duration)) throw invalid();
    const record = await findById(this.d.store, c, String(otp.recordRef));
    if (!record) throw invalid();
    if (!(await this.d.limiter.consume(`@pb_otp_${record.id}`, otpAttemptsMax, otpAttemptsWindowSeconds))) {
      throw new ApiError(429, 'Too many attempts, please try again later with a new OTP.');
    }
    if (!(await verifyPassword(password, String(otp.password ?? '')))) throw invalid();

    await this.d.records.delete(otps, otp);
    if (record.verified || !otp.sentTo || record.email !== otp.sentTo) return record;
    // The code reached the record's address: that proves it. Used alone (no MFA), the OTP also
    // replaces any password a squatter may have set before the owner verified.
    const extra = c.mfa?.enabled ? {} : randomPasswordBody(randomString(30));
    return this.d.records.update(c, record, { verified: true, ...extra }, { superuser: true });
  }

  private async newestIfTooMany(c: Collection, record: RecordData): Promise<string | undefined> {
    const otps = systemCollection(this.d, otpsName);
    const q = this.d.store.dialect.quote;
    const rows = await findWhere(this.d.store, otps, [{ sql: `${q('collectionRef')} = ? AND ${q('recordRef')} = ?`, params: [c.id, record.id] }], 1000);
    const live = rows.filter((o) => !hasExpired(o.created, c.otp!.duration)).sort((a, b) => String(b.created).localeCompare(String(a.created)));
    return live.length >= liveOtpsMax ? String(live[0].id) : undefined;
  }

  /** Mails the code, then records where it went; a code that couldn't be sent is deleted. */
  private async mail(c: Collection, record: RecordData, otp: RecordData, code: string): Promise<void> {
    const otps = systemCollection(this.d, otpsName);
    try {
      await sendOtpMail(this.d, c, record, String(otp.id), code);
    } catch (err) {
      const current = await findById(this.d.store, otps, String(otp.id));
      if (current) await this.d.records.delete(otps, current);
      throw err;
    }
    const current = await findById(this.d.store, otps, String(otp.id));
    if (current && !current.sentTo) await this.d.records.update(otps, current, { sentTo: String(record.email) }, { superuser: true });
  }
}
