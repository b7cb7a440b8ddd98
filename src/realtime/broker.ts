import type { Bus } from '../bus/bus.js';
import { topics } from '../bus/bus.js';
import type { AuthInfo } from '../auth/auth-records.js';
import { ApiError } from '../lib/errors.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { RecordChange } from '../records/record-events.js';
import type { RealtimeClient, SubscriptionOptions } from './realtime-client.js';
import { randomString } from '../lib/ids.js';

/** What the broker needs to decide and shape each delivery; wired by the app. */
export interface DeliveryPolicy {
  findCollection(idOrName: string): Collection | undefined;
  /** True when a subscriber with this auth/options may receive the record under `rule`. */
  allowed(c: Collection, rule: 'listRule' | 'viewRule', record: RecordData, auth: AuthInfo | null, options: SubscriptionOptions): Promise<boolean>;
  /** The record as this subscriber sees it (expand/fields applied). */
  render(c: Collection, record: RecordData, auth: AuthInfo | null, options: SubscriptionOptions): Promise<unknown>;
  /** Loads an auth record named in a subscription request relayed from another process. */
  loadAuth(ref: AuthRef): Promise<AuthInfo | null>;
}

/** An auth binding as it travels between processes: the record is re-read by its holder. */
export interface AuthRef {
  collectionId: string;
  recordId: string;
}

export type SubscribeResult = 'ok' | 'missing' | 'ip' | 'auth';

interface SubscribeRequest {
  requestId: string;
  replyTo: string;
  clientId: string;
  ip: string;
  auth: AuthRef | null;
  subscriptions: string[];
}

/** How long a process waits for the holder of a client to answer a relayed subscription. */
const relayReplyMs = 2000;

/**
 * Fans record events out to SSE clients. Subscriptions live with their connection (the one
 * legitimately per-process state); events arrive from the bus, so writes on any node reach here.
 */
export class Broker {
  private clients = new Map<string, RealtimeClient>();
  private unsubscribers: (() => void)[];
  private readonly nodeId = randomString(16);
  private pending = new Map<string, (r: SubscribeResult) => void>();

  constructor(private bus: Bus, private policy: DeliveryPolicy) {
    this.unsubscribers = [
      bus.subscribe(topics.records, (p) => this.onRecordChange(p as RecordChange)),
      bus.subscribe(topics.realtimeSubscribe, (p) => this.onRelayedSubscribe(p as SubscribeRequest)),
      bus.subscribe(topics.realtimeReply, (p) => {
        const m = p as { requestId: string; to: string; result: SubscribeResult };
        if (m.to === this.nodeId) this.pending.get(m.requestId)?.(m.result);
      }),
    ];
  }

  /**
   * Replaces a client's subscriptions and binds the caller's auth. The SSE stream may be held by
   * another process (worker or node behind a load balancer): then the request is relayed on the
   * bus and its holder answers.
   */
  async setSubscriptions(clientId: string, ip: string, auth: AuthInfo | null, subscriptions: string[]): Promise<SubscribeResult> {
    const local = this.clients.get(clientId);
    if (local) return applySubscriptions(local, ip, auth, subscriptions);
    if (!this.bus.shared) return 'missing';
    const requestId = randomString(20);
    const answer = new Promise<SubscribeResult>((resolve) => {
      const timer = setTimeout(() => resolve('missing'), relayReplyMs);
      this.pending.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    const ref = auth ? { collectionId: auth.collection.id, recordId: auth.record.id as string } : null;
    await this.bus.publish(topics.realtimeSubscribe, { requestId, replyTo: this.nodeId, clientId, ip, auth: ref, subscriptions } satisfies SubscribeRequest);
    try {
      return await answer;
    } finally {
      this.pending.delete(requestId);
    }
  }

  private async onRelayedSubscribe(m: SubscribeRequest) {
    const client = this.clients.get(m.clientId);
    if (!client || m.replyTo === this.nodeId) return;
    const auth = m.auth ? await this.policy.loadAuth(m.auth) : null;
    const result = applySubscriptions(client, m.ip, auth, m.subscriptions);
    await this.bus.publish(topics.realtimeReply, { requestId: m.requestId, to: m.replyTo, result });
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
    for (const u of this.unsubscribers) u();
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

function sameAuth(a: AuthInfo | null, b: AuthInfo | null): boolean {
  return !!a && !!b && a.record.id === b.record.id && a.collection.id === b.collection.id;
}

function applySubscriptions(client: RealtimeClient, ip: string, auth: AuthInfo | null, subscriptions: string[]): SubscribeResult {
  if (client.isClosed) return 'missing';
  if (client.ip !== ip) return 'ip';
  if (client.auth && !sameAuth(client.auth, auth)) return 'auth';
  client.auth = auth;
  client.subscriptions = new Map();
  for (const s of subscriptions) if (s) client.subscriptions.set(s, parseSubscription(s));
  return 'ok';
}

/** `posts/*?options={"query":{...},"headers":{...}}` → topic and stringified options. */
export function parseSubscription(sub: string): { topic: string; options: SubscriptionOptions } {
  const i = sub.indexOf('?options=');
  const options: SubscriptionOptions = { query: {}, headers: {} };
  if (i < 0) return { topic: sub, options };
  try {
    const raw = JSON.parse(decodeURIComponent(sub.slice(i + 9))) as { query?: Record<string, unknown>; headers?: Record<string, unknown> };
    for (const [k, v] of Object.entries(raw.query ?? {})) options.query[k] = typeof v === 'string' ? v : JSON.stringify(v);
    for (const [k, v] of Object.entries(raw.headers ?? {})) options.headers[k.toLowerCase().replace(/-/g, '_')] = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    // malformed options: the topic still subscribes, without options
  }
  return { topic: sub.slice(0, i), options };
}

/** Which rule guards a topic for this record, or undefined when the topic doesn't match. */
function ruleFor(topic: string, c: Collection, recordId: string): 'listRule' | 'viewRule' | undefined {
  for (const key of [c.name, c.id]) {
    if (topic === key || topic === `${key}/*`) return 'listRule';
    if (topic === `${key}/${recordId}`) return 'viewRule';
  }
  return undefined;
}

