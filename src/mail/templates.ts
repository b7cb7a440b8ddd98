/**
 * Email templates: a subject and an HTML body with `{PLACEHOLDER}` tokens, as collections store
 * them (`verificationTemplate`, `otp.emailTemplate`, …). Resolving is plain text replacement;
 * the body is then set inside one shared HTML layout.
 */

export interface MailTemplate {
  subject: string;
  body: string;
}

/** Placeholders every template understands; records add `{RECORD:<field>}`. */
export const placeholders = {
  appName: '{APP_NAME}',
  appURL: '{APP_URL}',
  token: '{TOKEN}',
  otp: '{OTP}',
  otpId: '{OTP_ID}',
  alertInfo: '{ALERT_INFO}',
} as const;

/** Replaces every occurrence of each placeholder in the subject and the body. */
export function resolveTemplate(t: MailTemplate, values: Record<string, string>): MailTemplate {
  let subject = t.subject;
  let body = t.body;
  for (const [key, value] of Object.entries(values)) {
    subject = subject.split(key).join(value);
    body = body.split(key).join(value);
  }
  return { subject, body };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[ch]!);
}

/** The resolved body inside a minimal, mail-client-safe page. */
export function wrapInLayout(bodyHtml: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<style>
  body { margin: 0; padding: 20px 30px; color: #16161a; background: #fff; font: 14px/20px sans-serif; }
  p { margin: 0 0 10px; }
  .btn { display: inline-block; padding: 8px 16px; border-radius: 4px; background: #16161a; color: #fff !important; text-decoration: none; }
</style>
</head>
<body>
${bodyHtml}
</body>
</html>`;
}

/** A readable plain-text alternative: tags dropped, links kept as `text (url)`, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
      const l = label.replace(/<[^>]+>/g, '').trim();
      return l && l !== href ? `${l} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
