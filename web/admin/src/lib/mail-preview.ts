import type { CollectionModel } from 'pocketbase';

/** The five auth emails: where each template lives on the collection and what it may use. */
export const mailTemplates = [
  { key: 'verificationTemplate', label: 'Verification', extra: ['{TOKEN}'] },
  { key: 'resetPasswordTemplate', label: 'Password reset', extra: ['{TOKEN}'] },
  { key: 'confirmEmailChangeTemplate', label: 'Confirm email change', extra: ['{TOKEN}'] },
  { key: 'otp.emailTemplate', label: 'One-time password', extra: ['{OTP}', '{OTP_ID}'] },
  { key: 'authAlert.emailTemplate', label: 'Login alert', extra: ['{ALERT_INFO}'] },
] as const;

export type MailTemplateKey = (typeof mailTemplates)[number]['key'];
export type Template = { subject: string; body: string };

export function getTemplate(c: CollectionModel, key: MailTemplateKey): Template {
  const v = key.split('.').reduce<any>((o, k) => o?.[k], c);
  return { subject: v?.subject ?? '', body: v?.body ?? '' };
}

export function templatePatch(c: CollectionModel, key: MailTemplateKey, t: Template): Partial<CollectionModel> {
  const [top, sub] = key.split('.');
  const d = c as any;
  return (sub ? { [top]: { ...d[top], [sub]: t } } : { [top]: t }) as Partial<CollectionModel>;
}

// Fixed sample values so the preview (and its screenshot) looks the same every time.
const sampleToken = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InNhbXBsZSJ9.c2FtcGxlLXNpZ25hdHVyZQ';

/** Placeholder → sample value: the app's name and URL, a token or code, and one value per visible field. */
export function sampleValues(c: CollectionModel, app: { appName: string; appURL: string }): Record<string, string> {
  const values: Record<string, string> = {
    '{APP_NAME}': app.appName,
    '{APP_URL}': app.appURL,
    '{TOKEN}': sampleToken,
    '{OTP}': '1234567890'.slice(0, Math.max(4, Math.min(10, Number((c as any).otp?.length) || 8))),
    '{OTP_ID}': 'otp_sample_id01',
    '{ALERT_INFO}': 'Chrome on Linux, 203.0.113.7',
  };
  for (const f of c.fields as { name: string; type: string; hidden?: boolean }[]) {
    if (f.hidden) continue;
    values[`{RECORD:${f.name}}`] = sampleFor(f);
  }
  return values;
}

function sampleFor(f: { name: string; type: string }): string {
  if (f.name === 'id') return 'r4nd0mrec0rd1d0';
  switch (f.type) {
    case 'email': return 'jane@example.com';
    case 'bool': return 'true';
    case 'number': return '42';
    case 'date': case 'autodate': return '2025-01-31 09:30:00.000Z';
    case 'url': return 'https://example.com';
    case 'text': return f.name === 'name' ? 'Jane Doe' : `sample ${f.name}`;
    default: return `sample ${f.name}`;
  }
}

/** Plain text replacement, as the server does it (src/mail/templates.ts). */
export function resolve(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [k, v] of Object.entries(values)) out = out.split(k).join(v);
  return out;
}

const dropTags = new Set(['script', 'style', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select']);
const safeURL = /^(https?:|mailto:|#)/i;

/**
 * The resolved HTML as live nodes, rebuilt element by element from an inert parse: no scripts or
 * handlers, links open elsewhere, and inline styles go through the CSSOM so the dashboard's strict
 * CSP (style-src 'self') doesn't refuse them.
 */
export function renderPreview(html: string, into: HTMLElement): void {
  // Chromium checks the CSP for handler attributes even in an inert parse: drop them from the text first.
  const noHandlers = html.replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  const parsed = new DOMParser().parseFromString(`<body>${noHandlers}</body>`, 'text/html').body;
  const copy = (from: Node): Node | null => {
    if (from.nodeType === Node.TEXT_NODE) return document.createTextNode(from.textContent ?? '');
    if (from.nodeType !== Node.ELEMENT_NODE) return null;
    const el = from as Element;
    const tag = el.tagName.toLowerCase();
    if (dropTags.has(tag)) return null;
    const out = document.createElement(tag);
    for (const { name, value } of Array.from(el.attributes)) {
      if (name.startsWith('on')) continue;
      if (name === 'style') out.style.cssText = value;
      else if (name === 'href' || name === 'src') {
        if (safeURL.test(value.trim())) out.setAttribute(name, value);
      } else if (['class', 'alt', 'title', 'width', 'height', 'align', 'colspan', 'rowspan'].includes(name)) out.setAttribute(name, value);
    }
    if (tag === 'a') {
      out.setAttribute('target', '_blank');
      out.setAttribute('rel', 'noopener noreferrer');
    }
    for (const child of Array.from(el.childNodes)) {
      const c = copy(child);
      if (c) out.appendChild(c);
    }
    return out;
  };
  into.replaceChildren(...Array.from(parsed.childNodes).map(copy).filter((n): n is Node => n !== null));
}
