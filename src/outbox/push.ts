import { BadRequestError } from '../lib/errors.js';
import type { Collections } from '../records/collections.js';
import type { Collection } from '../records/model.js';
import type { RecordEvent, RecordHooks } from '../records/record-events.js';
import { findById } from '../records/record-repo.js';
import type { Records } from '../records/records.js';
import type { Access } from '../rules/access.js';
import type { Store } from '../store/store.js';
import { DeliveryError, type Outbox } from './outbox.js';
import type { OutboxEntry } from './outbox-table.js';
import { ApnsProvider, apnsOptionsFromEnv } from './push-apns.js';
import { FcmProvider, fcmOptionsFromEnv } from './push-fcm.js';
import { loadVapidKeys, type VapidKeys } from './push-keys.js';
import { pushMessageBytesMax, type PushKind, type PushMessage, type PushProvider } from './push-provider.js';
import { checkSubscription, pushSubscriptionsCollection, pushSubscriptionsName, rowToTarget } from './push-subscriptions.js';
import { WebPushProvider } from './push-web.js';

export const pushTopic = 'push';
const usersId = '_pb_users_auth_';

export interface PushDeps {
  store: Store;
  outbox: Outbox;
  hooks: RecordHooks;
  collections: Collections;
  records: Records;
  access: Access;
  /** The app's sender address, the default VAPID contact. */
  senderAddress: () => string;
}

/**
 * Push notifications: `sendToUser`/`sendToUsers` append one outbox entry per subscription (in the
 * caller's transaction), and the outbox hands each to the subscription's provider. A subscription
 * the push service calls gone (404, 410) is deleted; overload (429, 5xx) is retried; any other
 * refusal is dead at once, since sending the same request again cannot succeed.
 */
export class Push {
  readonly allowPrivate = process.env.PLINTH_PUSH_ALLOW_PRIVATE === '1';
  private providers = new Map<PushKind, PushProvider>();
  private keys?: Promise<VapidKeys>;

  constructor(private deps: PushDeps) {
    this.providers.set('webpush', new WebPushProvider({ keys: () => this.vapidKeys(), subject: () => this.subject(), allowPrivate: this.allowPrivate }));
    const fcm = fcmOptionsFromEnv();
    if (fcm) this.providers.set('fcm', new FcmProvider(fcm));
    const apns = apnsOptionsFromEnv();
    if (apns) this.providers.set('apns', new ApnsProvider(apns));
    deps.outbox.handle(pushTopic, (entry, signal) => this.deliver(entry, signal));
    deps.hooks.onRecordCreate.bind((e) => this.checkNew(e), { tags: [pushSubscriptionsName], priority: -1000 });
  }

  /** Creates the subscriptions collection if missing (bootstrap calls it under the schema lock). */
  async ensure(): Promise<Collection> {
    return this.deps.collections.find(pushSubscriptionsName) ?? (await this.deps.collections.create(pushSubscriptionsCollection()));
  }

  /** The VAPID key pair, made and stored on first use; retried after a failure. */
  vapidKeys(): Promise<VapidKeys> {
    this.keys ??= loadVapidKeys(this.deps.store).catch((err) => {
      this.keys = undefined;
      throw err;
    });
    return this.keys;
  }

  subject(): string {
    const sender = this.deps.senderAddress();
    return process.env.PLINTH_VAPID_SUBJECT || (sender ? `mailto:${sender}` : 'mailto:admin@localhost');
  }

  /** Queues `message` to every device of one user; returns how many were queued. */
  async sendToUser(userId: string, message: PushMessage): Promise<number> {
    const c = await this.ensure();
    const q = this.deps.store.dialect.quote;
    return this.enqueueAll(c, `${q('user')} = ?`, [userId], message);
  }

  /** Queues `message` to every device of the users matching `filter` (rules language, on `users`, full access). */
  async sendToUsers(filter: string, message: PushMessage): Promise<number> {
    const c = await this.ensure();
    const users = this.deps.collections.get(usersId);
    const cond = this.deps.access.expression(users, filter, { auth: null });
    const q = this.deps.store.dialect.quote;
    return this.enqueueAll(c, `${q('user')} IN (SELECT ${q(users.name)}.${q('id')} FROM ${q(users.name)} WHERE ${cond.sql})`, cond.params, message);
  }

  close(): void {
    for (const p of this.providers.values()) (p as { close?: () => void }).close?.();
  }

  private async enqueueAll(c: Collection, where: string, params: unknown[], message: PushMessage): Promise<number> {
    const payload = checkMessage(message);
    const { store } = this.deps;
    const t = store.dialect.quote(c.name);
    // in the caller's transaction when there is one (the store finds it), so a rollback sends nothing
    return store.transaction(async (tx) => {
      const rows = await tx.query(tx.dialect.finalize(`SELECT * FROM ${t} WHERE ${where}`), params);
      for (const row of rows) await this.deps.outbox.enqueue({ topic: pushTopic, target: String(row.id), payload }, tx);
      return rows.length;
    });
  }

  private async checkNew(e: RecordEvent) {
    checkSubscription(e.record, { allowPrivate: this.allowPrivate, configured: (k) => this.providers.has(k) });
    await e.next();
  }

  private async deliver(entry: OutboxEntry, signal: AbortSignal): Promise<{ responseCode: number }> {
    const c = this.deps.collections.find(pushSubscriptionsName);
    const row = c && (await findById(this.deps.store, c, entry.target));
    // unsubscribed since: nothing to send, nothing to retry
    if (!c || !row) return { responseCode: 0 };
    const target = rowToTarget(row);
    const provider = this.providers.get(target.kind);
    if (!provider) throw new DeliveryError(`${target.kind} is not configured`, 0, true);
    const { status, detail } = await provider.send(target, entry.payload as PushMessage, signal);
    if (status >= 200 && status < 300) return { responseCode: status };
    if (status === 404 || status === 410) {
      await this.deps.records.delete(c, row).catch(() => undefined);
      throw new DeliveryError(`subscription gone (HTTP ${status}): removed`, status, true);
    }
    const why = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
    throw new DeliveryError(why, status, !(status === 429 || status >= 500));
  }
}

/** The stored payload; refuses what no push service would carry (see `pushMessageBytesMax`). */
function checkMessage(m: PushMessage): PushMessage {
  if (!m || typeof m.title !== 'string' || !m.title) throw new BadRequestError('A push message needs a title.');
  const payload: PushMessage = { title: m.title, body: m.body ?? '', data: m.data ?? null, ...(m.ttl !== undefined ? { ttl: Math.max(0, Math.floor(m.ttl)) } : {}) };
  if (Buffer.byteLength(JSON.stringify(payload)) > pushMessageBytesMax) throw new BadRequestError(`A push message may hold at most ${pushMessageBytesMax} bytes of JSON.`);
  return payload;
}

