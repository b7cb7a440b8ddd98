import type { Dialect } from './dialect.js';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

export interface RunResult {
  changes: number;
}

/**
 * What the rest of Plinth sees of the database. Every call returns a promise so that a
 * network driver (Postgres) fits the same shape as better-sqlite3, whose calls resolve at once.
 * Placeholders in `sql` are always `?`; the driver's dialect rewrites them if it needs to.
 */
export interface Executor {
  readonly dialect: Dialect;
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
  /** Several statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
  /** Result columns of a SELECT without running it: name and, where known, the source table/column/type. */
  describe(sql: string): Promise<ColumnInfo[]>;
}

export interface ColumnInfo {
  name: string;
  table: string | null;
  column: string | null;
  type: string | null;
}

export interface Store extends Executor {
  /**
   * Runs `fn` in one write transaction. Writes are serialized; a nested call joins the
   * outer transaction. Commit on resolve, rollback on throw.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Executor bound to an open transaction; `afterCommit` callbacks run only once it commits. */
export interface Tx extends Executor {
  afterCommit(fn: () => void | Promise<void>): void;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
