import type { Transporter } from 'nodemailer';
import { Hook, type HookEvent } from '../hooks/hook.js';
import { randomString } from '../lib/ids.js';
import { htmlToText } from './templates.js';

/** The settings the mailer reads on every send (so a settings change applies at once). */
export interface MailSettings {
  smtp: { enabled: boolean; host: string; port: number; username: string; password: string; authMethod: string; tls: boolean; localName: string };
  meta: { senderName: string; senderAddress: string };
}

/** One email. `to` is one address or a comma-separated list. `from` defaults to the app sender. */
export type MailMessage = {
  to: string;
  subject: string;
  html: string;
  text?: string;
  from?: { name: string; address: string };
  headers?: Record<string, string>;
};

export interface MailerSendEvent extends HookEvent {
  message: MailMessage;
}

/** SMTP conversations that take longer are abandoned (the caller logs the failure). */
const smtpTimeoutMs = 30_000;

/**
 * Sends email through the app's SMTP settings with nodemailer, or the local `sendmail` binary
 * when SMTP is disabled (as PocketBase does). Every send runs the `onSend` chain first: hook code
 * may change the message, or not call `next()` to stop it.
 */
export class Mailer {
  private cached?: { key: string; transport: Transporter };

  constructor(private readonly settings: () => MailSettings, readonly onSend: Hook<MailerSendEvent> = new Hook()) {}

  async send(message: MailMessage): Promise<void> {
    const { meta } = this.settings();
    const full: MailMessage = { ...message, from: message.from ?? { name: meta.senderName, address: meta.senderAddress } };
    await this.onSend.trigger({ message: full }, (e) => this.deliver(e.message));
  }

  /** Closes pooled connections (none today; kept for symmetry with app shutdown). */
  close(): void {
    this.cached?.transport.close();
    this.cached = undefined;
  }

  private async deliver(m: MailMessage): Promise<void> {
    const from = m.from!;
    const domain = from.address.split('@')[1];
    await (await this.transport()).sendMail({
      from: { name: from.name, address: from.address },
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text ?? htmlToText(m.html),
      headers: m.headers,
      // A Message-ID on the sender's domain, as mail servers expect.
      messageId: domain ? `<${randomString(15)}@${domain}>` : undefined,
    });
  }

  /** One transport per distinct SMTP configuration; rebuilt when the settings change. */
  private async transport(): Promise<Transporter> {
    const { smtp } = this.settings();
    const key = JSON.stringify(smtp);
    if (this.cached?.key === key) return this.cached.transport;
    // nodemailer is imported with the first message, not at start
    const { default: nodemailer } = await import('nodemailer');
    if (this.cached?.key === key) return this.cached.transport;
    this.cached?.transport.close();
    const transport = smtp.enabled
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          // `tls` is implicit TLS (SMTPS); otherwise STARTTLS is used when the server offers it.
          secure: smtp.tls,
          name: smtp.localName || undefined,
          auth: smtp.username || smtp.password ? { user: smtp.username, pass: smtp.password } : undefined,
          authMethod: smtp.authMethod === 'LOGIN' ? 'LOGIN' : 'PLAIN',
          connectionTimeout: smtpTimeoutMs,
          greetingTimeout: smtpTimeoutMs,
          socketTimeout: smtpTimeoutMs,
        })
      : nodemailer.createTransport({ sendmail: true });
    this.cached = { key, transport };
    return transport;
  }
}
