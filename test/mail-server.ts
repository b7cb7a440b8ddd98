import { SMTPServer } from 'smtp-server';
import type PocketBase from 'pocketbase';

/**
 * A real SMTP server on a random loopback port (smtp-server), requiring AUTH PLAIN/LOGIN with the
 * credentials below. Delivered messages are parsed just enough to read subject and bodies.
 */

export const smtpUser = 'mailer';
export const smtpPassword = 'mailer-secret';

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  raw: string;
}

export interface MailServer {
  port: number;
  messages: Mail[];
  /** The first message (already here or arriving within `ms`) to `to` that wasn't taken before. */
  take(to: string, ms?: number): Promise<Mail>;
  /** Points the app's SMTP settings at this server. */
  configure(admin: PocketBase, meta?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<MailServer> {
  const messages: Mail[] = [];
  const taken = new Set<Mail>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === smtpUser && auth.password === smtpPassword) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ ...parseMessage(raw), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    messages,
    async take(to, ms = 5000) {
      const until = Date.now() + ms;
      for (;;) {
        const m = messages.find((x) => !taken.has(x) && x.to.includes(to));
        if (m) {
          taken.add(m);
          return m;
        }
        if (Date.now() > until) throw new Error(`no mail to ${to} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async configure(admin, meta = {}) {
      await admin.settings.update({
        smtp: { enabled: true, host: '127.0.0.1', port, username: smtpUser, password: smtpPassword, authMethod: 'PLAIN', tls: false },
        meta: { appName: 'Plinth Test', appURL: 'http://app.example.test', senderName: 'Plinth Support', senderAddress: 'support@example.test', ...meta },
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers, then each MIME part decoded (quoted-printable or base64). Enough for nodemailer's output. */
function parseMessage(raw: string): Pick<Mail, 'subject' | 'html' | 'text' | 'raw'> {
  const { headers, body } = splitHeaders(raw);
  const out = { subject: decodeWords(headers['subject'] ?? ''), html: '', text: '', raw };
  const walk = (h: Record<string, string>, b: string) => {
    const type = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary) {
      for (const part of b.split('--' + boundary).slice(1)) {
        if (part.startsWith('--')) break;
        const p = splitHeaders(part.replace(/^\r?\n/, ''));
        walk(p.headers, p.body);
      }
      return;
    }
    const decoded = decodeBody(b, h['content-transfer-encoding'] ?? '');
    if (/text\/html/i.test(type)) out.html = decoded;
    else if (/text\/plain/i.test(type)) out.text = decoded;
  };
  walk(headers, body);
  return out;
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const i = raw.search(/\r?\n\r?\n/);
  const head = i < 0 ? raw : raw.slice(0, i);
  const body = i < 0 ? '' : raw.slice(i).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** RFC 2047 encoded words in headers (`=?UTF-8?Q?...?=`). */
function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_m, _cs, enc: string, data: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    return Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  });
}

/** The token in a default template's action link (`…/confirm-verification/{TOKEN}` and the like). */
export function tokenFromMail(m: Mail): string {
  const t = /confirm-[a-z-]+\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(m.html)?.[1];
  if (!t) throw new Error('no token link in the mail:\n' + m.html);
  return t;
}
