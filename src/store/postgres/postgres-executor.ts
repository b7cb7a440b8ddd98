import pg from 'pg';
import { StoreUnavailableError } from '../../lib/errors.js';
import type { ColumnInfo, Executor, Row, RunResult } from '../store.js';
import { postgresDialect, rowidColumn } from './postgres-dialect.js';

/**
 * Statements on one Postgres connection (or the pool): placeholders finalized, values bound the
 * way the dialect's SQL expects, results and errors shaped as the SQLite driver gives them.
 */

/**
 * Results as SQLite gives them: JSON columns as their text (field types parse it), 64-bit
 * integers and numerics as numbers.
 */
export const types = {
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

/**
 * Values as the dialect's SQL expects them: objects and arrays as JSON text, undefined as NULL.
 * Postgres text cannot hold U+0000 (SQLite's can): it is stored as U+FFFD instead of failing.
 */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string') return v.includes('\u0000') ? v.replace(/\u0000/g, '\ufffd') : v;
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)) return JSON.stringify(v);
  return v;
}

export interface Queryable {
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
/** Socket errors, pool timeouts and the SQLSTATEs of a server that is gone or refusing connections. */
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);
const connectionWords = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended|ECONNREFUSED/i;

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return !!e && (connectionCodes.has(e.code ?? '') || /^08/.test(e.code ?? '') || connectionWords.test(e.message ?? ''));
}

export function normalizeError(err: unknown): unknown {
  if (isConnectionError(err)) return new StoreUnavailableError(err);
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
export async function describe(conn: Queryable, select: string): Promise<ColumnInfo[]> {
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

export function executor(conn: Queryable, describeIn: (sql: string) => Promise<ColumnInfo[]>): Executor {
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
