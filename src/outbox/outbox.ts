import type { Bus } from '../bus/bus.js';
import { newId } from '../lib/ids.js';
import type { Executor, Store, Tx } from '../store/store.js';
import { backoffMs, outboxDdl, rowToEntry, type OutboxEntry } from './outbox-table.js';
import { createTables } from '../store/create-tables.js';

/** Published after a commit that appended rows: dispatchers on every process wake up. */
export const outboxWakeTopic = 'outbox.wake';

/** A handler delivers one entry; it throws (optionally a DeliveryError with a response code) to retry. */
export type OutboxHandler = (entry: OutboxEntry, signal: AbortSignal) => Promise<{ responseCode?: number } | void>;

export class DeliveryError extends Error {
  /** `permanent`: retrying cannot help (the receiver refused the request itself): dead at once. */
  constructor(message: string, readonly responseCode = 0, readonly permanent = false) {
    super(message);
  }
}

export interface OutboxMessage {
  topic: string;
  payload: unknown;
  target?: string;
  /** Sent to the receiver so it can drop duplicates (delivery is at least once); default: the entry id. */
  idempotencyKey?: string;
  /** First attempt no earlier than this many ms from now. */
  delayMs?: number;
}

export interface OutboxOptions {
  /** After this many failed attempts an entry is dead (kept for the log and replay). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Fallback when a wake-up message is lost (another process crashed after commit, bus down). */
  pollMs: number;
  /** Deliveries in flight per process: a hanging receiver holds one slot, never the others. */
  concurrency: number;
  /** How long a claim holds a row; must outlive the slowest delivery (webhook timeout) by a margin. */
  leaseMs: number;
}

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export const defaultOutboxOptions = (): OutboxOptions => ({
  maxAttempts: env('PLINTH_OUTBOX_MAX_ATTEMPTS', 8),
  backoffBaseMs: env('PLINTH_OUTBOX_BACKOFF_MS', 2000),
  backoffCapMs: env('PLINTH_OUTBOX_BACKOFF_CAP_MS', 3_600_000),
  pollMs: env('PLINTH_OUTBOX_POLL_MS', 2000),
  concurrency: env('PLINTH_OUTBOX_CONCURRENCY', 32),
  leaseMs: env('PLINTH_OUTBOX_LEASE_MS', 60_000),
});

/** Delay between a wake-up message and the claim it triggers (batching; see `wake`). */
const wakeDelayMs = 10;

const isTx = (db: Executor): db is Tx => typeof (db as Tx).afterCommit === 'function';

/**
 * Transactional outbox: `enqueue` appends a row in the caller's transaction (so a rolled-back
 * write sends nothing); the dispatcher claims due rows one by one with a lease in the row (so
 * several processes never deliver the same row at once), runs the topic's handler, and retries
 * with exponential backoff and jitter until the entry is delivered or dead.
 */
export class Outbox {
  readonly options: OutboxOptions;
  private handlers = new Map<string, OutboxHandler>();
  private ready: Promise<void>;
  private running = false;
  private ticking = false;
  private again = false;
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private unsubscribe?: () => void;
  private wakeTimer?: NodeJS.Timeout;
  /** Outcomes waiting to be written: one transaction for many, so deliveries don't starve the writer. */
  private outcomes: { sql: string; params: unknown[]; done: (err?: unknown) => void }[] = [];

  constructor(private store: Store, private bus: Bus, options: Partial<OutboxOptions> = {}) {
    this.options = { ...defaultOutboxOptions(), ...options };
    this.ready = createTables(store, outboxDdl);
  }

  handle(topic: string, handler: OutboxHandler): void {
    this.handlers.set(topic, handler);
  }

  /**
   * Appends a message. Inside a transaction (passed, or the one the caller runs in) it commits or
   * rolls back with it; dispatchers wake once it commits.
   */
  async enqueue(msg: OutboxMessage, db?: Executor): Promise<string> {
    await this.ready;
    const write = async (tx: Tx) => {
      const id = newId();
      const now = Date.now();
      await tx.run(
        tx.dialect.finalize('INSERT INTO _outbox (id, topic, target, payload, idempotency_key, status, attempts, next_attempt_at, created, updated) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)'),
        [id, msg.topic, msg.target ?? '', JSON.stringify(msg.payload ?? null), msg.idempotencyKey ?? id, 'pending', now + (msg.delayMs ?? 0), now, now],
      );
      tx.afterCommit(() => this.bus.publish(outboxWakeTopic, {}));
      return id;
    };
    return db && isTx(db) ? write(db) : this.store.transaction(write);
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    await this.ready;
    const row = await this.store.get(this.store.dialect.finalize('SELECT * FROM _outbox WHERE id = ?'), [id]);
    return row ? rowToEntry(row) : undefined;
  }

  /** Puts a delivered or dead entry back in the queue, attempts reset. */
  async replay(id: string): Promise<boolean> {
    await this.ready;
    const now = Date.now();
    const r = await this.store.transaction(async (tx) => {
      const res = await tx.run(
        tx.dialect.finalize("UPDATE _outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, locked_until = 0, last_error = '', updated = ? WHERE id = ? AND status <> 'pending'"),
        [now, now, id],
      );
      if (res.changes) tx.afterCommit(() => this.bus.publish(outboxWakeTopic, {}));
      return res;
    });
    return r.changes > 0;
  }

  /** Starts dispatching in this process: now (rows left by a crash), on every wake-up and every `pollMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.bus.subscribe(outboxWakeTopic, () => this.wake());
    const poll = setInterval(() => this.tick(), this.options.pollMs);
    poll.unref();
    this.timers.add(poll);
    this.tick();
  }

  /** Stops claiming; deliveries in flight are aborted and their claims released (no attempt counted). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const d of this.inflight.values()) d.abort.abort();
    await Promise.all([...this.inflight.values()].map((d) => d.done));
  }

  /**
   * Commits arrive in bursts: waiting a few ms lets one claim transaction take many rows instead
   * of one per commit, which would double the writes on the store's single writer.
   */
  private wake(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.tick();
    }, wakeDelayMs);
    this.wakeTimer.unref();
  }

  private tick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.claimDue();
        } while (this.again && this.running);
      } catch {
        // store unavailable for a moment: the next poll tries again
      } finally {
        this.ticking = false;
      }
    })();
  }

  private async claimDue() {
    await this.ready;
    const free = this.options.concurrency - this.inflight.size;
    const topics = [...this.handlers.keys()];
    if (free <= 0 || !topics.length) return;
    const now = Date.now();
    const d = this.store.dialect;
    const rows = await this.store.query(
      d.finalize(`SELECT * FROM _outbox WHERE status = 'pending' AND next_attempt_at <= ? AND locked_until < ? AND topic IN (${topics.map(() => '?').join(', ')}) ORDER BY next_attempt_at LIMIT ?`),
      [now, now, ...topics, free],
    );
    if (!rows.length) return;
    // a row is ours only if our UPDATE moved its lease: another process may have claimed it since the read
    const claimed = await this.store.transaction(async (tx) => {
      const mine: OutboxEntry[] = [];
      for (const row of rows) {
        const r = await tx.run(
          tx.dialect.finalize("UPDATE _outbox SET locked_until = ?, updated = ? WHERE id = ? AND status = 'pending' AND locked_until < ?"),
          [now + this.options.leaseMs, now, row.id, now],
        );
        if (r.changes) mine.push(rowToEntry(row));
      }
      return mine;
    });
    for (const entry of claimed) this.deliver(entry);
    if (rows.length === free) this.again = true;
  }

  private deliver(entry: OutboxEntry) {
    const abort = new AbortController();
    const done = (async () => {
      let outcome: { ok: true; code: number } | { ok: false; code: number; error: string; permanent: boolean };
      // a handler still running when its lease ends could be delivering twice: cut it off before
      const guard = setTimeout(() => abort.abort(new DeliveryError('delivery outlived its lease')), this.options.leaseMs * 0.9);
      try {
        const r = await Promise.race([this.handlers.get(entry.topic)!(entry, abort.signal), abortedBy(abort.signal)]);
        outcome = { ok: true, code: r?.responseCode ?? 0 };
      } catch (err) {
        const known = err instanceof DeliveryError ? err : undefined;
        outcome = { ok: false, code: known?.responseCode ?? 0, error: err instanceof Error ? err.message : String(err), permanent: known?.permanent ?? false };
      } finally {
        clearTimeout(guard);
      }
      try {
        if (!this.running && abort.signal.aborted) await this.release(entry);
        else await this.settle(entry, outcome);
      } catch {
        // the lease expires and another attempt follows
      }
    })().finally(() => {
      this.inflight.delete(entry.id);
      this.tick();
    });
    this.inflight.set(entry.id, { abort, done });
  }

  private async settle(entry: OutboxEntry, o: { ok: boolean; code: number; error?: string; permanent?: boolean }) {
    const now = Date.now();
    const attempts = entry.attempts + 1;
    const dead = !o.ok && (o.permanent || attempts >= this.options.maxAttempts);
    const status = o.ok ? 'delivered' : dead ? 'dead' : 'pending';
    const delay = o.ok || dead ? 0 : backoffMs(attempts, this.options.backoffBaseMs, this.options.backoffCapMs);
    await this.record(
      'UPDATE _outbox SET status = ?, attempts = ?, response_code = ?, last_error = ?, next_attempt_at = ?, locked_until = 0, updated = ? WHERE id = ?',
      [status, attempts, o.code, (o.error ?? '').slice(0, 500), now + delay, now, entry.id],
    );
    if (status === 'pending' && this.running) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.tick();
      }, delay + 5);
      t.unref();
      this.timers.add(t);
    }
  }

  private async release(entry: OutboxEntry) {
    await this.record('UPDATE _outbox SET locked_until = 0 WHERE id = ?', [entry.id]);
  }

  private record(sql: string, params: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outcomes.push({ sql, params, done: (err) => (err ? reject(err) : resolve()) });
      if (this.outcomes.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush() {
    const batch = this.outcomes.splice(0);
    try {
      await this.store.transaction(async (tx) => {
        for (const o of batch) await tx.run(tx.dialect.finalize(o.sql), o.params);
      });
      for (const o of batch) o.done();
    } catch (err) {
      for (const o of batch) o.done(err);
    }
  }
}

/** Rejects once `signal` aborts, with its reason. */
function abortedBy(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new DeliveryError('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
