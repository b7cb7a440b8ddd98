import type { Bus } from '../bus/bus.js';
import { topics } from '../bus/bus.js';
import type { AuthInfo } from '../auth/auth-records.js';
import { ApiError } from '../lib/errors.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { RecordChange } from '../records/record-events.js';
import type { RealtimeClient, SubscriptionOptions } from './realtime-client.js';

/** What the broker needs to decide and shape each delivery; wired by the app. */
export interface DeliveryPolicy {
  findCollection(idOrName: string): Collection | undefined;
  /** True when a subscriber with this auth/options may receive the record under `rule`. */
  allowed(c: Collection, rule: 'listRule' | 'viewRule', record: RecordData, auth: AuthInfo | null, options: SubscriptionOptions): Promise<boolean>;
  /** The record as this subscriber sees it (expand/fields applied). */
  render(c: Collection, record: RecordData, auth: AuthInfo | null, options: SubscriptionOptions): Promise<unknown>;
}

/**
 * Fans record events out to SSE clients. Subscriptions live with their connection (the one
 * legitimately per-process state); events arrive from the bus, so writes on any node reach here.
 */
export class Broker {
  private clients = new Map<string, RealtimeClient>();
  private unsubscribe: () => void;

  constructor(bus: Bus, private policy: DeliveryPolicy) {
    this.unsubscribe = bus.subscribe(topics.records, (p) => this.onRecordChange(p as RecordChange));
  }

  register(c: RealtimeClient) {
    this.clients.set(c.id, c);
  }

  unregister(c: RealtimeClient) {
    this.clients.delete(c.id);
  }

  get(id: string): RealtimeClient | undefined {
    return this.clients.get(id);
  }

  get size() {
    return this.clients.size;
  }

  /** Sends a custom message to every client subscribed to `topic` (e.g. `@oauth2`). */
  sendTo(topic: string, data: unknown, filter: (c: RealtimeClient) => boolean = () => true) {
    for (const client of this.clients.values()) {
      if (client.subscriptions.has(topic) && filter(client)) client.send(topic, data);
    }
  }

  close() {
    this.unsubscribe();
    for (const c of [...this.clients.values()]) c.close();
  }

  private async onRecordChange(change: RecordChange) {
    const c = this.policy.findCollection(change.collectionId);
    if (!c) return;
    this.maintainBindings(c, change);
    const work: Promise<void>[] = [];
    for (const client of this.clients.values()) {
      for (const [sub, { topic, options }] of client.subscriptions) {
        const rule = ruleFor(topic, c, change.record.id as string);
        if (rule) work.push(this.deliver(client, sub, c, rule, change, options));
      }
    }
    await Promise.all(work);
  }

  private async deliver(client: RealtimeClient, sub: string, c: Collection, rule: 'listRule' | 'viewRule', change: RecordChange, options: SubscriptionOptions) {
    try {
      if (!(await this.policy.allowed(c, rule, change.record, client.auth, options))) return;
      const record = await this.policy.render(c, { ...change.record }, client.auth, options);
      client.send(sub, { action: change.action, record });
    } catch (err) {
      // a subscription whose filter no longer compiles (schema changed) is skipped, not fatal
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /** A bound auth record that changes keeps the client in step; a new tokenKey or a delete unbinds it. */
  private maintainBindings(c: Collection, change: RecordChange) {
    if (c.type !== 'auth') return;
    for (const client of this.clients.values()) {
      const a = client.auth;
      if (!a || a.collection.id !== c.id || a.record.id !== change.record.id) continue;
      if (change.action === 'delete' || a.record.tokenKey !== change.record.tokenKey) client.auth = null;
      else client.auth = { collection: c, record: change.record };
    }
  }
}

/** Which rule guards a topic for this record, or undefined when the topic doesn't match. */
function ruleFor(topic: string, c: Collection, recordId: string): 'listRule' | 'viewRule' | undefined {
  for (const key of [c.name, c.id]) {
    if (topic === key || topic === `${key}/*`) return 'listRule';
    if (topic === `${key}/${recordId}`) return 'viewRule';
  }
  return undefined;
}

