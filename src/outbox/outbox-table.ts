
/** An outbox row as the API shows it (timestamps in ms since the epoch). */
export interface OutboxEntry {
  id: string;
  topic: string;
  /** What the topic's handler delivers to (a webhook id, an email address…); '' when the topic needs none. */
  target: string;
  payload: unknown;
  idempotencyKey: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError: string;
  responseCode: number;
  created: number;
  updated: number;
}

// snake_case columns: Postgres folds unquoted names to lower case, and both dialects return them as written
export const outboxDdl = [
  `CREATE TABLE IF NOT EXISTS _outbox (
    id TEXT PRIMARY KEY NOT NULL,
    topic TEXT NOT NULL,
    target TEXT DEFAULT '' NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER DEFAULT 0 NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT DEFAULT 0 NOT NULL,
    last_error TEXT DEFAULT '' NOT NULL,
    response_code INTEGER DEFAULT 0 NOT NULL,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS idx_outbox_due ON _outbox (status, next_attempt_at)',
  'CREATE INDEX IF NOT EXISTS idx_outbox_target ON _outbox (topic, target, created)',
];

export function rowToEntry(r: Record<string, unknown>): OutboxEntry {
  let payload: unknown = r.payload;
  try {
    payload = JSON.parse(String(r.payload));
  } catch {
    // kept as text
  }
  return {
    id: String(r.id),
    topic: String(r.topic),
    target: String(r.target ?? ''),
    payload,
    idempotencyKey: String(r.idempotency_key),
    status: String(r.status) as OutboxEntry['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: String(r.last_error ?? ''),
    responseCode: Number(r.response_code ?? 0),
    created: Number(r.created),
    updated: Number(r.updated),
  };
}

/** Delay before attempt `attempts + 1`: exponential from `baseMs`, capped, with full jitter in its upper half. */
export function backoffMs(attempts: number, baseMs: number, capMs: number): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}
