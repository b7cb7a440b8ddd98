import { guardedLookup, urlProblem } from './webhook-request.js';
import { pushRequest } from './push-http.js';
import { pushCa, pushTimeoutMs, pushTtlDefaultS, type PushAnswer, type PushMessage, type PushProvider, type PushTarget } from './push-provider.js';
import type { VapidKeys } from './push-keys.js';
import { DeliveryError } from './outbox.js';

type WebPush = typeof import('web-push');

export interface WebPushOptions {
  keys: () => Promise<VapidKeys>;
  subject: () => string;
  /** Endpoints are given by users: loopback and private addresses are refused unless allowed (SSRF). */
  allowPrivate: boolean;
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm encryption (RFC 8291). `web-push`
 * encrypts and signs; the request is ours, so it honours the outbox's abort signal and the
 * private-address guard. The library loads on the first send: most processes never push.
 */
export class WebPushProvider implements PushProvider {
  readonly kind = 'webpush' as const;
  private lib?: Promise<WebPush>;
  private ca = pushCa();

  constructor(private opts: WebPushOptions) {}

  async send(target: PushTarget, message: PushMessage, signal: AbortSignal): Promise<PushAnswer> {
    const problem = urlProblem(target.endpoint, this.opts.allowPrivate);
    if (problem || !target.endpoint.startsWith('https:')) throw new DeliveryError(`endpoint refused: ${problem ?? 'must be https'}`, 0, true);
    this.lib ??= import('web-push').then((m) => (m as { default?: WebPush }).default ?? (m as WebPush));
    const [webpush, keys] = await Promise.all([this.lib, this.opts.keys()]);
    const payload = JSON.stringify({ title: message.title, body: message.body ?? '', data: message.data ?? null });
    const details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.keys.p256dh ?? '', auth: target.keys.auth ?? '' } }, payload, {
      TTL: message.ttl ?? pushTtlDefaultS,
      vapidDetails: { subject: this.opts.subject(), publicKey: keys.publicKey, privateKey: keys.privateKey },
    });
    const res = await pushRequest(details.endpoint, {
      headers: details.headers as Record<string, string>,
      body: details.body ?? undefined,
      timeoutMs: pushTimeoutMs(),
      signal,
      ca: this.ca,
      lookup: guardedLookup(this.opts.allowPrivate),
    });
    return { status: res.status, detail: res.text.slice(0, 200) };
  }
}
