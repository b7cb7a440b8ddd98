import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Executor, Row, RunResult, Store, Tx } from '../store.js';
import { sqliteDialect } from './sqlite-dialect.js';

/** Prepared statements kept per connection; bounded because filters make many distinct SQL texts. */
const statementCacheMax = 500;

type Conn = Database.Database;

/** better-sqlite3 binds only numbers, strings, bigints, buffers and null. */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
  return v;
}

class Statements {
  private cache = new Map<string, Database.Statement>();
  constructor(private conn: Conn) {}
  get(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (st) {
      this.cache.delete(sql);
      this.cache.set(sql, st);
      return st;
    }
    st = this.conn.prepare(sql);
    if (this.cache.size >= statementCacheMax) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sql, st);
    return st;
  }
  clear() {
    this.cache.clear();
  }
}

function makeExecutor(conn: Conn, stmts: Statements): Executor {
  const params = (p?: readonly unknown[]) => (p ?? []).map(bindable);
  return {
    dialect: sqliteDialect,
    async query<T = Row>(sql: string, p?: readonly unknown[]) {
      const st = stmts.get(sql);
      return (st.reader ? st.all(...params(p)) : (st.run(...params(p)), [])) as T[];
    },
    async get<T = Row>(sql: string, p?: readonly unknown[]) {
      return stmts.get(sql).get(...params(p)) as T | undefined;
    },
    async run(sql: string, p?: readonly unknown[]): Promise<RunResult> {
      const r = stmts.get(sql).run(...params(p));
      return { changes: r.changes };
    },
    async describe(sql: string) {
      return conn.prepare(sql).columns().map((c) => ({ name: c.name, table: c.table, column: c.column, type: c.type }));
    },
    async exec(sql: string) {
      conn.exec(sql);
      // DDL may change what cached statements mean (dropped/renamed tables).
      stmts.clear();
    },
  };
}

interface TxState {
  tx: Tx;
}

/**
 * SQLite store: one write connection behind a queue (SQLite has one writer) and one read
 * connection that sees only committed data (WAL snapshots), so readers never wait on writers.
 */
export class SqliteStore implements Store {
  readonly dialect = sqliteDialect;
  private writer: Conn;
  private reader: Conn;
  private writeStmts: Statements;
  private readStmts: Statements;
  private read: Executor;
  private write: Executor;
  private queue: Promise<unknown> = Promise.resolve();
  private current = new AsyncLocalStorage<TxState>();
  private savepoint = 0;
  /** Prepared once: exec() would parse these texts on every write. */
  private begin: Database.Statement;
  private commit: Database.Statement;
  private rollback: Database.Statement;

  constructor(file: string) {
    this.writer = new Database(file);
    this.writer.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a killed process; only an OS crash can lose the last commits.
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('foreign_keys = ON');
    this.writer.pragma('busy_timeout = 10000');
    // Table rebuilds drop and rename tables that views may name; let SQLite re-check views on use.
    this.writer.pragma('legacy_alter_table = ON');
    this.reader = file === ':memory:' ? this.writer : new Database(file);
    this.reader.pragma('foreign_keys = ON');
    this.reader.pragma('busy_timeout = 10000');
    this.writeStmts = new Statements(this.writer);
    this.readStmts = this.reader === this.writer ? this.writeStmts : new Statements(this.reader);
    this.read = makeExecutor(this.reader, this.readStmts);
    this.write = makeExecutor(this.writer, this.writeStmts);
    this.begin = this.writer.prepare('BEGIN IMMEDIATE');
    this.commit = this.writer.prepare('COMMIT');
    this.rollback = this.writer.prepare('ROLLBACK');
  }

  /** Inside a transaction every call goes to its connection, so the caller sees its own writes. */
  private active(): Executor {
    return this.current.getStore()?.tx ?? this.read;
  }

  query<T = Row>(sql: string, p?: readonly unknown[]) {
    return this.active().query<T>(sql, p);
  }
  get<T = Row>(sql: string, p?: readonly unknown[]) {
    return this.active().get<T>(sql, p);
  }
  run(sql: string, p?: readonly unknown[]) {
    const inTx = this.current.getStore();
    return inTx ? inTx.tx.run(sql, p) : this.transaction((tx) => tx.run(sql, p));
  }
  describe(sql: string) {
    return this.active().describe(sql);
  }
  async exec(sql: string): Promise<void> {
    await this.transaction((tx) => tx.exec(sql));
    this.readStmts.clear();
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return outer.tx.transaction(fn);
    const run = this.queue.then(() => this.runTx(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const after: Array<() => void | Promise<void>> = [];
    const tx = this.makeTx(after);
    this.begin.run();
    let result: T;
    try {
      result = await this.current.run({ tx }, () => fn(tx));
      this.commit.run();
    } catch (err) {
      if (this.writer.inTransaction) this.rollback.run();
      throw err;
    }
    for (const cb of after) {
      try {
        await cb();
      } catch {
        // after-commit work must not turn a committed write into a failed request
      }
    }
    return result;
  }

  private makeTx(after: Array<() => void | Promise<void>>): Tx {
    const w = this.write;
    const tx: Tx = {
      dialect: sqliteDialect,
      query: (s, p) => w.query(s, p),
      get: (s, p) => w.get(s, p),
      run: (s, p) => w.run(s, p),
      exec: (s) => w.exec(s),
      describe: (s) => w.describe(s),
      afterCommit: (cb) => void after.push(cb),
      transaction: async (fn) => {
        const name = `sp${++this.savepoint}`;
        this.writer.exec(`SAVEPOINT ${name}`);
        try {
          const r = await fn(tx);
          this.writer.exec(`RELEASE ${name}`);
          return r;
        } catch (err) {
          this.writer.exec(`ROLLBACK TO ${name}`);
          this.writer.exec(`RELEASE ${name}`);
          throw err;
        }
      },
    };
    return tx;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.reader !== this.writer) this.reader.close();
    this.writer.pragma('wal_checkpoint(TRUNCATE)');
    this.writer.close();
  }
}
