import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import { DeliveryError } from './outbox.js';
import { inlineOrFile, pushCa, pushTimeoutMs, pushTtlDefaultS, type PushAnswer, type PushMessage, type PushProvider, type PushTarget } from './push-provider.js';

export interface ApnsOptions {
  /** The `.p8` signing key (PKCS#8 PEM) from Apple's developer account. */
  key: string;
  keyId: string;
  teamId: string;
  /** The app's bundle id (`apns-topic`). */
  topic: string;
  /** `https://api.push.apple.com`, or `https://api.sandbox.push.apple.com` for development builds. */
  host: string;
}

/** Reads `PLINTH_APNS_*`; undefined when APNs is not configured. */
export function apnsOptionsFromEnv(env = process.env): ApnsOptions | undefined {
  if (!env.PLINTH_APNS_KEY) return undefined;
  return {
    key: inlineOrFile(env.PLINTH_APNS_KEY),
    keyId: env.PLINTH_APNS_KEY_ID ?? '',
    teamId: env.PLINTH_APNS_TEAM_ID ?? '',
    topic: env.PLINTH_APNS_TOPIC ?? '',
    host: (env.PLINTH_APNS_HOST ?? 'https://api.push.apple.com').replace(/\/$/, ''),
  };
}

/** Apple refuses provider tokens older than an hour and throttles ones renewed more than every 20 minutes. */
const providerTokenMs = 40 * 60_000;

/** APNs over HTTP/2 (Apple serves no HTTP/1.1) with an ES256 provider token; one session, reused. */
export class ApnsProvider implements PushProvider {
  readonly kind = 'apns' as const;
  private ca = pushCa();
  private session?: ClientHttp2Session;
  private jwt?: { value: string; made: number };
  private key?: Promise<CryptoKey>;

  constructor(private opts: ApnsOptions) {}

  async send(target: PushTarget, message: PushMessage, signal: AbortSignal): Promise<PushAnswer> {
    const ttl = message.ttl ?? pushTtlDefaultS;
    const body = JSON.stringify({ aps: { alert: { title: message.title, body: message.body ?? '' } }, data: message.data ?? null });
    const headers = {
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: `/3/device/${encodeURIComponent(target.token)}`,
      authorization: `bearer ${await this.providerToken()}`,
      'apns-topic': this.opts.topic,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(Date.now() / 1000) + ttl),
      'content-type': 'application/json',
    };
    const res = await this.request(headers, body, signal);
    // an expired or refused provider token: make a new one for the retry
    if (res.status === 403 && /ExpiredProviderToken|InvalidProviderToken/.test(res.detail ?? '')) {
      this.jwt = undefined;
      return { status: 503, detail: res.detail };
    }
    return res;
  }

  close(): void {
    this.session?.close();
  }

  private connection(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const s = connect(this.opts.host, { ca: this.ca });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (this.session === s) this.session = undefined;
    });
    // idle sessions must not keep the process alive
    s.unref();
    this.session = s;
    return s;
  }

  private request(headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PushAnswer> {
    return new Promise((resolve, reject) => {
      const req = this.connection().request(headers, { signal });
      let status = 0;
      let text = '';
      const timer = setTimeout(() => req.close(constants.NGHTTP2_CANCEL), pushTimeoutMs());
      req.setEncoding('utf8');
      req.on('response', (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
      req.on('data', (d: string) => (text += d));
      req.on('end', () => resolve({ status, detail: text.slice(0, 200) }));
      req.on('close', () => {
        clearTimeout(timer);
        if (!status) reject(new DeliveryError('APNs stream closed without an answer'));
      });
      req.on('error', (err) => reject(new DeliveryError(err.message)));
      req.end(body);
    });
  }

  private async providerToken(): Promise<string> {
    if (this.jwt && Date.now() - this.jwt.made < providerTokenMs) return this.jwt.value;
    this.key ??= importPKCS8(this.opts.key, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const value = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: this.opts.keyId }).setIssuer(this.opts.teamId).setIssuedAt(now).sign(await this.key);
    this.jwt = { value, made: Date.now() };
    return value;
  }
}
