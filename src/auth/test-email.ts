import { ApiError, fieldError, ValidationError, type ErrorData } from '../lib/errors.js';
import { randomString } from '../lib/ids.js';
import { nowString } from '../lib/time.js';
import { superusersName, type Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { AuthDeps } from './auth-deps.js';
import { emailError, lengthError, requiredError, text } from './auth-forms.js';
import { sendAuthAlertMail, sendEmailChangeMail, sendOtpMail, sendPasswordResetMail, sendVerificationMail } from './auth-mails.js';

const templates = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'] as const;

/**
 * `POST /api/settings/test/email`: renders one of a collection's templates for a made-up record
 * (every visible field `__pb_test_<name>__`) and sends it, so a superuser can check SMTP and copy.
 */
export async function sendTestEmail(d: AuthDeps, body: Record<string, unknown>): Promise<void> {
  const email = text(body.email);
  const template = text(body.template);
  const name = text(body.collection);
  const c = d.collections.find(name || superusersName);
  const errors: ErrorData = {};
  const ce = name ? lengthError(name, 1, 255) ?? (c?.type === 'auth' ? undefined : fieldError('validation_invalid_auth_collection', 'Must be a valid auth collection id or name.')) : undefined;
  if (ce) errors.collection = ce;
  const ee = emailError(email);
  if (ee) errors.email = ee;
  if (!template) errors.template = requiredError();
  else if (!(templates as readonly string[]).includes(template)) errors.template = fieldError('validation_in_invalid', 'Must be a valid value.');
  if (Object.keys(errors).length) throw new ValidationError(errors, 'Failed to send the test email.');

  const record = testRecord(c!, email);
  try {
    await send(d, c!, record, template as (typeof templates)[number]);
  } catch (err) {
    throw new ApiError(400, `Failed to send the test email. Raw error: \n${(err as Error).message}`);
  }
}

function testRecord(c: Collection, email: string): RecordData {
  const record: RecordData = {};
  for (const f of c.fields) if (!f.hidden) record[f.name] = `__pb_test_${f.name}__`;
  return { ...record, id: record.id ?? randomString(15), tokenKey: randomString(50), email };
}

function send(d: AuthDeps, c: Collection, record: RecordData, template: (typeof templates)[number]): Promise<void> {
  switch (template) {
    case 'verification':
      return sendVerificationMail(d, c, record);
    case 'password-reset':
      return sendPasswordResetMail(d, c, record);
    case 'email-change':
      return sendEmailChangeMail(d, c, record, String(record.email));
    case 'otp':
      return sendOtpMail(d, c, record, '_PB_TEST_OTP_ID_', '123456');
    case 'login-alert':
      return sendAuthAlertMail(d, c, record, `${nowString()} - TEST_IP TEST_USER_AGENT`);
  }
}
