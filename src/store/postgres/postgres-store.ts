import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Executor, Row, Store, Tx } from '../store.js';
import { postgresDialect } from './postgres-dialect.js';
import { describe, executor, normalizeError, types } from './postgres-executor.js';
import { functionsSql } from './postgres-functions.js';

/** Connections per process; a transaction holds one until it ends. */
const poolSizeDefault = 10;
/** A request waiting this long for a free connection fails instead of hanging. */
const connectTimeoutMs = 30_000;

interface TxState {
  tx: Tx;
}

export interface PostgresStoreOptions {
  /** Connections in the pool. */
  poolSize?: number;
}

/**
 * `postgres://user@host/db`, optionally `?schema=name` (created if missing; every connection
 * uses it first), or `?options=-c search_path=...` as libpq takes it.
 */
export function parsePostgresUrl(url: string): { config: pg.PoolConfig; schema?: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  const config: pg.PoolConfig = { connectionString: u.toString() };
  if (schema) config.options = `-c search_path=${pg.escapeIdentifier(schema)}`;
  return { config, schema };
}

/**
 * Postgres store: a pool of connections; a transaction runs on one of them from BEGIN to
 * COMMIT, and calls made inside it (found through AsyncLocalStorage) join it. Unlike SQLite,
 * write transactions run side by side: a read-then-write that must not lose a concurrent update
 * locks its rows (`dialect.lockRows()`).
 */
export class PostgresStore implements Store {
  readonly dialect = postgresDialect;
  private pool: pg.Pool;
  private current = new AsyncLocalStorage<TxState>();
  private ready: Promise<void>;
  private base: Executor;
  private savepoint = 0;
  private pending = new Set<Promise<unknown>>();

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    const { config, schema } = parsePostgresUrl(url);
    this.pool = new pg.Pool({ ...config, types, max: opts.poolSize ?? poolSizeDefault, connectionTimeoutMillis: connectTimeoutMs });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.base = executor(this.pool, (sql) => describe(this.pool, sql));
    this.ready = this.setup(schema);
    this.ready.catch(() => undefined);
  }

  /** Schema and helper functions, once per database; concurrent openers wait on one lock. */
  private async setup(schema?: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('plinth_setup'))");
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
      await client.query(functionsSql);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async active(): Promise<Executor> {
    const tx = this.current.getStore()?.tx;
    if (tx) return tx;
    await this.ready;
    return this.base;
  }

  /** Work started before `close` finishes first, as on SQLite (whose queue drains on close). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => void this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  query<T = Row>(sql: string, p?: readonly unknown[]) {
    return this.track(this.active().then((e) => e.query<T>(sql, p)));
  }
  get<T = Row>(sql: string, p?: readonly unknown[]) {
    return this.track(this.active().then((e) => e.get<T>(sql, p)));
  }
  run(sql: string, p?: readonly unknown[]) {
    return this.track(this.active().then((e) => e.run(sql, p)));
  }
  describe(sql: string) {
    return this.track(this.active().then((e) => e.describe(sql)));
  }
  exec(sql: string) {
    return this.track(this.active().then((e) => e.exec(sql)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return outer.tx.transaction(fn);
    return this.track(this.runTx(fn));
  }

  private async runTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect().catch((err) => Promise.reject(normalizeError(err)));
    // A connection lost mid-transaction fails its pending query; the 'error' event must not crash the process.
    const ignore = () => undefined;
    client.on('error', ignore);
    const after: Array<() => void | Promise<void>> = [];
    let result: T;
    try {
      await client.query('BEGIN');
      const tx = this.makeTx(client, after);
      result = await this.current.run({ tx }, () => fn(tx));
      await client.query('COMMIT');
    } catch (err) {
      // a connection that cannot even roll back is broken: drop it from the pool
      const broken = await client.query('ROLLBACK').then(() => undefined, (e: Error) => e);
      client.off('error', ignore);
      client.release(broken);
      throw normalizeError(err);
    }
    client.off('error', ignore);
    client.release();
    for (const cb of after) {
      try {
        await cb();
      } catch {
        // after-commit work must not turn a committed write into a failed request
      }
    }
    return result;
  }

  private makeTx(client: pg.PoolClient, after: Array<() => void | Promise<void>>): Tx {
    // A failed statement aborts a Postgres transaction; describing a query that may be invalid
    // (a view being validated) runs in a savepoint so that the transaction survives the failure.
    const guarded = async (sql: string) => {
      const name = `sp${++this.savepoint}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const cols = await describe(client, sql);
        await client.query(`RELEASE ${name}`);
        return cols;
      } catch (err) {
        await client.query(`ROLLBACK TO ${name}`);
        await client.query(`RELEASE ${name}`);
        throw err;
      }
    };
    const base = executor(client, guarded);
    const tx: Tx = {
      ...base,
      afterCommit: (cb) => void after.push(cb),
      transaction: async (fn) => {
        const name = `sp${++this.savepoint}`;
        await client.query(`SAVEPOINT ${name}`);
        try {
          const r = await fn(tx);
          await client.query(`RELEASE ${name}`);
          return r;
        } catch (err) {
          await client.query(`ROLLBACK TO ${name}`);
          await client.query(`RELEASE ${name}`);
          throw err;
        }
      },
    };
    return tx;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    while (this.pending.size) await Promise.allSettled([...this.pending]);
    await this.pool.end();
  }
}
