import { escapeHtml, placeholders, resolveTemplate, wrapInLayout, type MailTemplate } from '../mail/templates.js';
import type { Collection, EmailTemplate } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { AuthDeps } from './auth-deps.js';
import { signToken } from './tokens.js';

/**
 * The emails of the auth flows: each picks the collection's template, fills the placeholders
 * (app name and URL, the token or code, `{RECORD:<field>}` for every visible field) and sends.
 */

/** Field types whose text can't carry markup, so it goes in unescaped. */
const plainTypes = new Set(['autodate', 'date', 'bool', 'number']);

function fieldText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function recordPlaceholders(c: Collection, record: RecordData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of c.fields) {
    if (f.hidden) continue;
    const text = fieldText(record[f.name]);
    out[`{RECORD:${f.name}}`] = plainTypes.has(f.type) ? text : escapeHtml(text);
  }
  return out;
}

async function sendTemplate(d: AuthDeps, c: Collection, record: RecordData, template: EmailTemplate | undefined, to: string, extra: Record<string, string>) {
  if (!template) throw new Error(`the ${c.name} collection has no email template for this flow`);
  const { meta } = d.settings();
  const values = { ...extra, [placeholders.appName]: meta.appName, [placeholders.appURL]: meta.appURL, ...recordPlaceholders(c, record) };
  const resolved: MailTemplate = resolveTemplate(template, values);
  await d.mailer.send({ to, subject: resolved.subject, html: wrapInLayout(resolved.body) });
}

const tokenOwner = (record: RecordData) => ({ id: String(record.id), tokenKey: String(record.tokenKey ?? '') });

export async function sendVerificationMail(d: AuthDeps, c: Collection, record: RecordData): Promise<void> {
  const token = await signToken(c, tokenOwner(record), 'verification', { email: record.email });
  await sendTemplate(d, c, record, c.verificationTemplate, String(record.email), { [placeholders.token]: token });
}

export async function sendPasswordResetMail(d: AuthDeps, c: Collection, record: RecordData): Promise<void> {
  const token = await signToken(c, tokenOwner(record), 'passwordReset', { email: record.email });
  await sendTemplate(d, c, record, c.resetPasswordTemplate, String(record.email), { [placeholders.token]: token });
}

/** Goes to the new address: only its owner can confirm the change. */
export async function sendEmailChangeMail(d: AuthDeps, c: Collection, record: RecordData, newEmail: string): Promise<void> {
  const token = await signToken(c, tokenOwner(record), 'emailChange', { email: record.email, newEmail });
  await sendTemplate(d, c, record, c.confirmEmailChangeTemplate, newEmail, { [placeholders.token]: token });
}

export async function sendOtpMail(d: AuthDeps, c: Collection, record: RecordData, otpId: string, code: string): Promise<void> {
  await sendTemplate(d, c, record, c.otp?.emailTemplate, String(record.email), { [placeholders.otpId]: otpId, [placeholders.otp]: code });
}

export async function sendAuthAlertMail(d: AuthDeps, c: Collection, record: RecordData, info: string): Promise<void> {
  await sendTemplate(d, c, record, c.authAlert?.emailTemplate, String(record.email), { [placeholders.alertInfo]: escapeHtml(info) });
}
