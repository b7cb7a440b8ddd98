/**
 * Fixed-window request counters. The interface is async so that a store-backed implementation
 * (shared by every process, exact across a cluster) can replace the in-memory one.
 */
export interface RateLimiter {
  /** Takes one request from `key`'s current window; false when the window's allowance is used up. */
  consume(key: string, maxRequests: number, windowSeconds: number): Promise<boolean>;
  /** Forgets `key` (a resend window closed early, a confirmed flow). */
  reset(key: string): Promise<void>;
  /** Forgets everything (the rules changed). */
  clear(): Promise<void>;
}

/** Keys kept at most; past this the expired ones are dropped, then the oldest. */
export const rateKeysMax = 100_000;

interface Window {
  start: number;
  available: number;
  /** Milliseconds the window lasts; kept to know when the entry may go. */
  length: number;
}

/**
 * Counters in this process's memory: each process limits on its own, so with N workers a client
 * gets up to N times the allowance. Good enough against brute force; use a shared store for exact.
 */
export class MemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now, private readonly keysMax = rateKeysMax) {}

  async consume(key: string, maxRequests: number, windowSeconds: number): Promise<boolean> {
    const now = this.now();
    const length = windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.start >= w.length || w.length !== length) {
      if (!w && this.windows.size >= this.keysMax) this.evict(now);
      w = { start: now, available: maxRequests, length };
      this.windows.set(key, w);
    }
    if (w.available <= 0) return false;
    w.available--;
    return true;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async clear(): Promise<void> {
    this.windows.clear();
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= w.length) this.windows.delete(k);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    const excess = this.windows.size - Math.floor(this.keysMax * 0.9);
    if (excess <= 0) return;
    let n = 0;
    for (const k of this.windows.keys()) {
      if (n++ >= excess) break;
      this.windows.delete(k);
    }
  }
}
