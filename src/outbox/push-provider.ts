import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** What hook code sends; every provider maps it to its own format. */
export interface PushMessage {
  title: string;
  body?: string;
  data?: unknown;
  /** Seconds the push service may hold the message for an offline device. */
  ttl?: number;
}

export type PushKind = 'webpush' | 'fcm' | 'apns';

/** A row of `_pushSubscriptions`, as a provider needs it. */
export interface PushTarget {
  id: string;
  kind: PushKind;
  endpoint: string;
  keys: { p256dh?: string; auth?: string };
  token: string;
}

/** The push service's answer: its HTTP status and, for the log, a short reason. */
export interface PushAnswer {
  status: number;
  detail?: string;
}

/** One push service (Web Push, FCM, APNs): sends one message to one subscription. */
export interface PushProvider {
  readonly kind: PushKind;
  send(target: PushTarget, message: PushMessage, signal: AbortSignal): Promise<PushAnswer>;
}

/** Default hold time when a message gives none: a day, after which a notification is stale. */
export const pushTtlDefaultS = 86_400;

/**
 * Web Push carries at most 4096 encrypted bytes (3993 of plaintext), FCM and APNs 4 KiB: a
 * message whose JSON is larger is refused when queued rather than dead-lettered later.
 */
export const pushMessageBytesMax = 3900;

/** Per-request limit to any push service: a hanging service holds one outbox slot, not more. */
export const pushTimeoutMs = () => Number(process.env.PLINTH_PUSH_TIMEOUT_MS ?? 10_000);

/**
 * Trusted CAs for push connections: the public roots plus `PLINTH_PUSH_CA_FILE` (a PEM), which
 * exists so tests can run local services with a self-signed certificate.
 */
export function pushCa(): string[] | undefined {
  const file = process.env.PLINTH_PUSH_CA_FILE;
  return file ? [...rootCertificates, readFileSync(file, 'utf8')] : undefined;
}

/** A key or JSON given inline in an env var, or the path of a file holding it. */
export function inlineOrFile(value: string): string {
  const v = value.trim();
  return v.startsWith('{') || v.startsWith('-----BEGIN') ? v : readFileSync(v, 'utf8');
}
