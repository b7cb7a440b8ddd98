import type { ServerResponse } from 'node:http';
import { randomString } from '../lib/ids.js';
import type { AuthInfo } from '../auth/auth-records.js';

/** Frames waiting for a slow client; past this the client is dropped and reconnects. */
export const sseQueueMax = 500;
/** PocketBase closes a stream after this long without a delivered message, and after the max. */
export const sseIdleMs = 5 * 60_000;
export const sseMaxMs = 30 * 60_000;

export interface SubscriptionOptions {
  query: Record<string, string>;
  headers: Record<string, string>;
}

/**
 * One SSE connection: its id, the auth bound by its last subscription request, its topics, and a
 * bounded outgoing queue. Writes never block the broker: a client that can't keep up is closed.
 */
export class RealtimeClient {
  readonly id = randomString(40);
  auth: AuthInfo | null = null;
  /** Full subscription string (with `?options=`) → parsed topic and options. */
  subscriptions = new Map<string, { topic: string; options: SubscriptionOptions }>();
  private queue: string[] = [];
  private waitingDrain = false;
  private closed = false;
  private idleTimer?: NodeJS.Timeout;
  private maxTimer?: NodeJS.Timeout;

  constructor(private res: ServerResponse, readonly ip: string, private onClose: (c: RealtimeClient) => void) {
    res.on('close', () => this.close());
    res.on('drain', () => {
      this.waitingDrain = false;
      this.flush();
    });
    this.touch();
    this.maxTimer = setTimeout(() => this.close(), sseMaxMs);
    this.maxTimer.unref();
  }

  get isClosed() {
    return this.closed;
  }

  send(event: string, data: unknown): void {
    if (this.closed) return;
    if (this.queue.length >= sseQueueMax) {
      // too far behind: drop the connection (and its buffers) now; the client reconnects
      this.close(true);
      return;
    }
    this.queue.push(`id:${this.id}\nevent:${event}\ndata:${JSON.stringify(data)}\n\n`);
    this.flush();
    this.touch();
  }

  private flush() {
    while (!this.waitingDrain && this.queue.length && !this.closed) {
      const ok = this.res.write(this.queue.shift()!);
      if (!ok) this.waitingDrain = true;
    }
  }

  private touch() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), sseIdleMs);
    this.idleTimer.unref();
  }

  /** Ends the stream; `abort` also discards what the socket still holds for a client that stopped reading. */
  close(abort = false): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.queue = [];
    if (abort) this.res.destroy();
    else if (!this.res.writableEnded) this.res.end();
    this.onClose(this);
  }
}
