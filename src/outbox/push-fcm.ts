import { SignJWT, importPKCS8 } from 'jose';
import { DeliveryError } from './outbox.js';
import { pushRequest } from './push-http.js';
import { inlineOrFile, pushCa, pushTimeoutMs, pushTtlDefaultS, type PushAnswer, type PushMessage, type PushProvider, type PushTarget } from './push-provider.js';

export interface FcmOptions {
  /** The service account JSON (`client_email`, `private_key`, `project_id`, `token_uri`). */
  serviceAccount: { client_email: string; private_key: string; project_id?: string; token_uri?: string };
  projectId: string;
  /** Base URL of the FCM API; `https://fcm.googleapis.com` in production. */
  endpoint: string;
  tokenUrl: string;
}

/** Reads `PLINTH_FCM_*`; undefined when FCM is not configured. */
export function fcmOptionsFromEnv(env = process.env): FcmOptions | undefined {
  if (!env.PLINTH_FCM_SERVICE_ACCOUNT) return undefined;
  const sa = JSON.parse(inlineOrFile(env.PLINTH_FCM_SERVICE_ACCOUNT)) as FcmOptions['serviceAccount'];
  return {
    serviceAccount: sa,
    projectId: env.PLINTH_FCM_PROJECT_ID ?? sa.project_id ?? '',
    endpoint: (env.PLINTH_FCM_ENDPOINT ?? 'https://fcm.googleapis.com').replace(/\/$/, ''),
    tokenUrl: env.PLINTH_FCM_TOKEN_URL ?? sa.token_uri ?? 'https://oauth2.googleapis.com/token',
  };
}

const scope = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * FCM HTTP v1: an OAuth2 access token from the service account (a JWT bearer grant, RFC 7523),
 * kept until shortly before it expires, then one POST per message to `messages:send`.
 */
export class FcmProvider implements PushProvider {
  readonly kind = 'fcm' as const;
  private ca = pushCa();
  private token?: Promise<{ value: string; expires: number }>;

  constructor(private opts: FcmOptions) {}

  async send(target: PushTarget, message: PushMessage, signal: AbortSignal): Promise<PushAnswer> {
    const ttl = message.ttl ?? pushTtlDefaultS;
    // FCM's `data` holds only strings: the app's data travels as one JSON string
    const body = JSON.stringify({
      message: {
        token: target.token,
        notification: { title: message.title, body: message.body ?? '' },
        data: message.data === undefined ? undefined : { data: JSON.stringify(message.data) },
        android: { ttl: `${ttl}s` },
        apns: { headers: { 'apns-expiration': String(Math.floor(Date.now() / 1000) + ttl) } },
      },
    });
    const url = `${this.opts.endpoint}/v1/projects/${encodeURIComponent(this.opts.projectId)}/messages:send`;
    const res = await pushRequest(url, {
      headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
      timeoutMs: pushTimeoutMs(),
      signal,
      ca: this.ca,
    });
    // a token revoked early: fetch a new one on the retry
    if (res.status === 401) this.token = undefined;
    return { status: res.status === 401 ? 503 : res.status, detail: res.text.slice(0, 200) };
  }

  private async accessToken(): Promise<string> {
    const cached = await this.token?.catch(() => undefined);
    if (cached && cached.expires > Date.now() + 60_000) return cached.value;
    this.token = this.fetchToken();
    return (await this.token).value;
  }

  private async fetchToken(): Promise<{ value: string; expires: number }> {
    const sa = this.opts.serviceAccount;
    const key = await importPKCS8(sa.private_key, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(sa.client_email)
      .setAudience(this.opts.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const res = await pushRequest(this.opts.tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
      body: form,
      timeoutMs: pushTimeoutMs(),
      ca: this.ca,
    });
    if (res.status !== 200) throw new DeliveryError(`FCM token endpoint answered ${res.status}`, res.status);
    const t = JSON.parse(res.text) as { access_token: string; expires_in?: number };
    return { value: t.access_token, expires: Date.now() + (t.expires_in ?? 3600) * 1000 };
  }
}
