import type { Bus } from '../bus/bus.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { RecordEvent, RecordHooks } from '../records/record-events.js';
import type { CollectionLookup } from '../records/record-save.js';
import type { Access } from '../rules/access.js';
import { snapshotMatches } from '../realtime/snapshot-match.js';
import type { Store } from '../store/store.js';
import type { Outbox } from './outbox.js';
import { rowToEntry, type OutboxEntry } from './outbox-table.js';
import { postJson, signature, urlProblem } from './webhook-request.js';
import { buildWebhook, deleteWebhook, findWebhook, listWebhooks, saveWebhook, webhooksDdl, type Webhook, type WebhookAction } from './webhook-store.js';
import { createTables } from '../store/create-tables.js';

export const webhookTopic = 'webhook';
const changedTopic = 'webhooks.changed';

/**
 * A record larger than this as JSON is sent as `{id}` with `"truncated": true` (receivers fetch it
 * through the API), so one huge row cannot bloat the outbox or time out every attempt.
 */
export const webhookRecordBytesMax = 256 * 1024;

export interface WebhookOptions {
  /** Per-attempt request timeout. */
  timeoutMs: number;
  /** Allow loopback/private targets (development, tests); off by default against SSRF. */
  allowPrivate: boolean;
}

export interface WebhookDeps {
  store: Store;
  bus: Bus;
  outbox: Outbox;
  hooks: RecordHooks;
  collections: CollectionLookup;
  access: Access;
}

export interface DeliveryQuery {
  webhook?: string;
  status?: string;
  page?: number;
  perPage?: number;
}

/**
 * Webhooks: superuser-configured endpoints for record events. A model hook appends one outbox
 * entry per matching endpoint in the write's transaction; the outbox delivers it signed.
 */
export class Webhooks {
  readonly options: WebhookOptions = {
    timeoutMs: Number(process.env.PLINTH_WEBHOOK_TIMEOUT_MS ?? 10_000),
    allowPrivate: process.env.PLINTH_WEBHOOKS_ALLOW_PRIVATE === '1',
  };
  private ready: Promise<void>;
  /** Endpoints, cached per process; dropped on every process when one saves a change. */
  private cache?: Promise<Webhook[]>;

  constructor(private deps: WebhookDeps) {
    this.ready = createTables(deps.store, webhooksDdl);
    deps.bus.subscribe(changedTopic, () => void (this.cache = undefined));
    deps.outbox.handle(webhookTopic, (entry, signal) => this.deliver(entry, signal));
    // after user hooks (priority runs low first): the row is written when `next` returns
    const bind = (action: WebhookAction) => (e: RecordEvent) => this.onRecord(e, action);
    deps.hooks.onRecordCreate.bind(bind('create'), { priority: 1000 });
    deps.hooks.onRecordUpdate.bind(bind('update'), { priority: 1000 });
    deps.hooks.onRecordDelete.bind(bind('delete'), { priority: 1000 });
  }

  async list(): Promise<Webhook[]> {
    await this.ready;
    return listWebhooks(this.deps.store);
  }

  async get(id: string): Promise<Webhook> {
    await this.ready;
    return findWebhook(this.deps.store, id);
  }

  async create(body: Record<string, unknown>): Promise<Webhook> {
    await this.ready;
    const w = buildWebhook(body, undefined, (x) => this.check(x));
    await saveWebhook(this.deps.store, w, true);
    await this.changed();
    return w;
  }

  async update(id: string, body: Record<string, unknown>): Promise<Webhook> {
    const w = buildWebhook(body, await this.get(id), (x) => this.check(x));
    await saveWebhook(this.deps.store, w, false);
    await this.changed();
    return w;
  }

  async delete(id: string): Promise<void> {
    await this.ready;
    await deleteWebhook(this.deps.store, id);
    await this.changed();
  }

  /** The delivery log: outbox entries of webhooks, newest first. */
  async deliveries(q: DeliveryQuery): Promise<{ page: number; perPage: number; totalItems: number; items: OutboxEntry[] }> {
    const page = Math.max(1, q.page ?? 1);
    const perPage = Math.min(500, Math.max(1, q.perPage ?? 30));
    const where = ['topic = ?'];
    const params: unknown[] = [webhookTopic];
    if (q.webhook) where.push('target = ?'), params.push(q.webhook);
    if (q.status) where.push('status = ?'), params.push(q.status);
    const db = this.deps.store;
    const w = where.join(' AND ');
    const total = await db.get<{ n: number }>(db.dialect.finalize(`SELECT COUNT(*) AS n FROM _outbox WHERE ${w}`), params);
    const rows = await db.query(db.dialect.finalize(`SELECT * FROM _outbox WHERE ${w} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?`), [...params, perPage, (page - 1) * perPage]);
    return { page, perPage, totalItems: Number(total?.n ?? 0), items: rows.map(rowToEntry) };
  }

  private async changed() {
    this.cache = undefined;
    await this.deps.bus.publish(changedTopic, {});
  }

  private check(w: Webhook): Record<string, string> {
    const out: Record<string, string> = {};
    const url = urlProblem(w.url, this.options.allowPrivate);
    if (url) out.url = url;
    const named = w.collections.filter((n) => n !== '*');
    const missing = named.filter((n) => !this.deps.collections.find(n));
    if (missing.length) out.collections = `Unknown collection(s): ${missing.join(', ')}.`;
    else if (w.filter) {
      const targets = w.collections.includes('*') ? this.deps.collections.all() : named.map((n) => this.deps.collections.find(n)!);
      for (const c of targets) {
        const problem = filterProblem(() => this.deps.access.expression(c, w.filter, { auth: null }));
        if (problem && !w.collections.includes('*')) out.filter = `${c.name}: ${problem}`;
      }
    }
    return out;
  }

  private endpoints(): Promise<Webhook[]> {
    this.cache ??= this.ready.then(() => listWebhooks(this.deps.store)).catch((err) => {
      this.cache = undefined;
      throw err;
    });
    return this.cache;
  }

  private async onRecord(e: RecordEvent, action: WebhookAction) {
    await e.next();
    const c = e.collection;
    const hits = (await this.endpoints()).filter((w) => w.enabled && w.actions.includes(action) && ((w.collections.includes('*') && !c.system) || w.collections.includes(c.name) || w.collections.includes(c.id)));
    for (const w of hits) {
      if (w.filter && !(await this.matches(e, w.filter))) continue;
      await this.deps.outbox.enqueue({ topic: webhookTopic, target: w.id, payload: eventPayload(action, c, e.record) }, e.tx);
    }
  }

  /** A filter that no longer compiles (a field was removed) matches nothing rather than failing the write. */
  private async matches(e: RecordEvent, filter: string): Promise<boolean> {
    try {
      return await snapshotMatches(e.tx, e.collection, e.record, this.deps.access.expression(e.collection, filter, { auth: null }));
    } catch {
      return false;
    }
  }

  private async deliver(entry: OutboxEntry, signal: AbortSignal): Promise<{ responseCode: number }> {
    const w = await findWebhook(this.deps.store, entry.target).catch(() => undefined);
    // a removed or disabled endpoint: nothing to send, and nothing to retry
    if (!w || !w.enabled) return { responseCode: 0 };
    const body = JSON.stringify({ id: entry.id, ...(entry.payload as object) });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'plinth-timestamp': String(timestamp),
      'plinth-signature': signature(w.secret, timestamp, body),
      'plinth-webhook-id': w.id,
      'idempotency-key': entry.idempotencyKey,
    };
    const responseCode = await postJson(w.url, body, { timeoutMs: this.options.timeoutMs, allowPrivate: this.options.allowPrivate, signal, headers });
    return { responseCode };
  }
}

function filterProblem(compile: () => unknown): string | undefined {
  try {
    compile();
    return undefined;
  } catch (err) {
    return (err as { detail?: string }).detail ?? (err instanceof Error ? err.message : String(err));
  }
}

/** The event as receivers see it: hidden and password fields are never sent. */
export function eventPayload(action: WebhookAction, c: Collection, record: RecordData) {
  const data: Record<string, unknown> = {};
  const secret = new Set(c.fields.filter((f) => f.hidden || f.type === 'password').map((f) => f.name));
  for (const [k, v] of Object.entries(record)) if (!secret.has(k)) data[k] = v;
  data.collectionId = c.id;
  data.collectionName = c.name;
  const tooBig = JSON.stringify(data).length > webhookRecordBytesMax;
  return { action, collection: c.name, record: tooBig ? { id: record.id, collectionId: c.id, collectionName: c.name } : data, truncated: tooBig, timestamp: new Date().toISOString() };
}
