import type { Store } from '../store/store.js';
import type { RateLimiter } from './rate-limiter.js';
import { createTables } from '../store/create-tables.js';

/** How often rows of closed windows are deleted. */
const cleanupEveryMs = 60_000;

/**
 * Fixed-window counters in a `_counters` table of the store, so that every process and node on
 * one database shares them: a limit of N is N in total, whichever node a request reaches.
 * One atomic upsert per request counts the hit and says whether the window's allowance is left.
 * A window starts at its first hit (as in memory), not at a clock bucket: a resend window of
 * 120 s must not open twice because two requests fall on either side of a bucket boundary.
 */
export class StoreRateLimiter implements RateLimiter {
  private ready: Promise<void>;
  private timer: NodeJS.Timeout;

  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {
    this.ready = createTables(store, 'CREATE TABLE IF NOT EXISTS _counters (k TEXT PRIMARY KEY NOT NULL, start BIGINT NOT NULL, hits INTEGER NOT NULL, expires BIGINT NOT NULL)');
    this.timer = setInterval(() => void this.cleanup().catch(() => undefined), cleanupEveryMs);
    this.timer.unref();
  }

  async consume(key: string, maxRequests: number, windowSeconds: number): Promise<boolean> {
    await this.ready;
    const now = this.now();
    const expires = now + windowSeconds * 1000;
    // A closed window (or one of another length: the rule changed) restarts at this hit.
    const restart = '(_counters.expires <= excluded.start OR _counters.expires - _counters.start <> excluded.expires - excluded.start)';
    // a write with RETURNING: on SQLite only the write connection (a transaction) may run it
    const row = await this.store.transaction((tx) => tx.get<{ hits: number | string }>(
      `INSERT INTO _counters (k, start, hits, expires) VALUES (?, ?, 1, ?) ON CONFLICT(k) DO UPDATE SET
         hits = CASE WHEN ${restart} THEN 1 ELSE _counters.hits + 1 END,
         start = CASE WHEN ${restart} THEN excluded.start ELSE _counters.start END,
         expires = CASE WHEN ${restart} THEN excluded.expires ELSE _counters.expires END
       RETURNING hits`,
      [key, now, expires],
    ));
    return Number(row?.hits ?? 1) <= maxRequests;
  }

  async reset(key: string): Promise<void> {
    await this.ready;
    await this.store.run('DELETE FROM _counters WHERE k = ?', [key]);
  }

  async clear(): Promise<void> {
    await this.ready;
    await this.store.run('DELETE FROM _counters');
  }

  /** Drops the rows of closed windows; they would restart at their next hit anyway. */
  async cleanup(): Promise<void> {
    await this.ready;
    await this.store.run('DELETE FROM _counters WHERE expires <= ?', [this.now()]);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
