/**
 * News that something changed, carried between features and (later) between processes.
 * Payloads must be JSON-serializable so that a Postgres/Redis/NATS bus can carry them.
 */
export type BusHandler = (payload: unknown) => void | Promise<void>;

export interface Bus {
  /** True when other processes hear this bus (workers, nodes): requests may be answered elsewhere. */
  readonly shared: boolean;
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

/** Well-known topics. */
export const topics = {
  /** A collection was created, changed or deleted: drop cached models. */
  collections: 'collections.changed',
  settings: 'settings.changed',
  /** Record create/update/delete, published after commit. */
  records: 'records.changed',
  /** A subscription request for a realtime client held by another process, and its answer. */
  realtimeSubscribe: 'realtime.subscribe',
  realtimeReply: 'realtime.reply',
} as const;
