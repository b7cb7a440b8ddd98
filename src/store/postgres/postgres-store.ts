import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { ColumnInfo, Executor, Row, RunResult, Store, Tx } from '../store.js';
import { postgresDialect, rowidColumn } from './postgres-dialect.js';
import { functionsSql } from './postgres-functions.js';

/** Connections per process; a transaction holds one until it ends. */
const poolSizeDefault = 10;
/** A request waiting this long for a free connection fails instead of hanging. */
const connectTimeoutMs = 30_000;

/**
 * Results as SQLite gives them: JSON columns as their text (field types parse it), 64-bit
 * integers and numerics as numbers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case pg.types.builtins.JSON:
      case pg.types.builtins.JSONB:
        return (v: string) => v;
      case pg.types.builtins.INT8:
      case pg.types.builtins.NUMERIC:
        return (v: string) => Number(v);
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  },
};

/** Values as the dialect's SQL expects them: objects and arrays as JSON text, undefined as NULL. */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)) return JSON.stringify(v);
  return v;
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

/** Postgres error codes whose message is given in SQLite's words, which PocketBase clients see. */
const sqliteWords: Record<string, (m: string) => string | undefined> = {
  '42703': (m) => /^column (?:"?([^"]*)"?) does not exist$/.exec(m)?.[1]?.replace(/^/, 'no such column: '),
  '42P01': (m) => /^relation "([^"]*)" does not exist$/.exec(m)?.[1]?.replace(/^/, 'no such table: '),
};

/**
 * The same failure reads the same on both stores: a unique violation is reported the way SQLite
 * words it (`UNIQUE constraint failed: table.column`), which the record write path maps to
 * `validation_not_unique`; a missing column or table as `no such column: x`. The Postgres error
 * stays as `cause`.
 */
function normalizeError(err: unknown): unknown {
  const e = err as pg.DatabaseError;
  const words = sqliteWords[e?.code ?? '']?.(e.message);
  if (words) return Object.assign(new Error(words, { cause: err }), { code: e.code });
  if (e?.code !== '23505') return err;
  const key = /^Key \((.*?)\)=\(/.exec(e.detail ?? '')?.[1] ?? '';
  const cols = key.split(',').map((part) => /"?(\w+)"?(?:::\w+)?\)*\s*$/.exec(part.replace(/^.*\(/, ''))?.[1]).filter(Boolean);
  const table = e.table ?? '';
  const out = new Error(`UNIQUE constraint failed: ${cols.map((c) => `${table}.${c}`).join(', ') || table}`, { cause: err });
  return Object.assign(out, { code: e.code });
}

async function run(conn: Queryable, sql: string, params?: readonly unknown[]): Promise<pg.QueryResult> {
  try {
    return await conn.query(postgresDialect.finalize(sql), (params ?? []).map(bindable));
  } catch (err) {
    throw normalizeError(err);
  }
}

/** Tables and columns of the schemas in use, as stored: view queries are written in any case. */
async function schemaNames(conn: Queryable): Promise<string[]> {
  const r = await conn.query(`SELECT c.relname AS n FROM pg_class c WHERE c.relnamespace = ANY(current_schemas(false)::regnamespace[])
    UNION SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = ANY(current_schemas(false)::regnamespace[]) AND a.attnum > 0 AND NOT a.attisdropped`);
  return r.rows.map((row) => String(row.n));
}

/**
 * Result columns of a SELECT, with the table and column each one reads where Postgres knows it.
 * The query is a user's view query: it is made portable first (see `viewSql`).
 */
async function describe(conn: Queryable, select: string): Promise<ColumnInfo[]> {
  const sql = postgresDialect.viewSql(select, await schemaNames(conn));
  const r = await run(conn, `SELECT * FROM (${sql}) AS _plinth_describe LIMIT 0`);
  const fields = r.fields.filter((f) => f.name !== rowidColumn);
  const sources = fields.filter((f) => f.tableID);
  const names = new Map<string, { table: string; column: string }>();
  if (sources.length) {
    const rows = await run(conn,
      'SELECT a.attrelid AS rel, a.attnum AS num, c.relname AS "table", a.attname AS "column" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attrelid = ANY(CAST(? AS OID[]))',
      ['{' + [...new Set(sources.map((f) => f.tableID))].join(',') + '}']);
    for (const row of rows.rows) names.set(`${row.rel}:${row.num}`, { table: row.table, column: row.column });
  }
  return fields.map((f) => {
    const src = names.get(`${f.tableID}:${f.columnID}`);
    return { name: f.name, table: src?.table ?? null, column: src?.column ?? null, type: null };
  });
}

function executor(conn: Queryable, describeIn: (sql: string) => Promise<ColumnInfo[]>): Executor {
  return {
    dialect: postgresDialect,
    async query<T = Row>(sql: string, p?: readonly unknown[]) {
      return (await run(conn, sql, p)).rows as T[];
    },
    async get<T = Row>(sql: string, p?: readonly unknown[]) {
      return (await run(conn, sql, p)).rows[0] as T | undefined;
    },
    async run(sql: string, p?: readonly unknown[]): Promise<RunResult> {
      return { changes: (await run(conn, sql, p)).rowCount ?? 0 };
    },
    async exec(sql: string) {
      // no parameters: the simple protocol runs several statements in one call
      try {
        await conn.query(sql);
      } catch (err) {
        throw normalizeError(err);
      }
    },
    describe: describeIn,
  };
}

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
    const client = await this.pool.connect();
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
      client.release(broken);
      throw err;
    }
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
