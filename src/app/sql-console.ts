import type { ColumnInfo, Store } from '../store/store.js';

/** Shape of `POST /api/sql`'s answer (PocketBase 0.40): every value as text, null stays null. */
export interface SqlResult {
  execTime: number;
  affectedRows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  rows: (string | null)[][];
}

export const sqlQueryMax = 5000;
export const sqlRowsMax = 1000;

// A loose check like PocketBase's: these run as one write transaction, the rest as reads.
const writePrefixes = ['INSERT', 'CREATE', 'UPDATE', 'DELETE', 'DROP', 'DETACH', 'ALTER', 'REPLACE'];

/**
 * Runs a superuser's ad hoc SQL. Several statements separated by `;` are allowed: writes run in
 * one transaction (all or nothing), and only the last statement's result is answered.
 */
export async function runSql(store: Store, query: string): Promise<SqlResult> {
  const started = performance.now();
  const result: SqlResult = { execTime: 0, affectedRows: 0, columns: [], rows: [] };
  const q = query.trim();
  if (!q) throw new Error('empty query');
  const upper = q.toUpperCase();
  const statements = splitStatements(q);
  if (!upper.startsWith('SELECT') && writePrefixes.some((p) => upper.startsWith(p))) {
    await store.transaction(async (tx) => {
      // a trigger body holds `;` of its own: run the whole text at once (no row count then)
      if (/\bTRIGGER\b/i.test(q)) return tx.exec(q);
      for (const s of statements) result.affectedRows = (await tx.run(s)).changes;
    });
  } else {
    for (const s of statements.slice(0, -1)) await store.query(s);
    const last = statements[statements.length - 1] ?? q;
    const rows = await store.query(last);
    const cols = await columnsOf(store, last, rows);
    result.columns = cols.map((c) => ({ name: c.name, type: (c.type ?? '').toUpperCase(), nullable: true }));
    result.rows = rows.slice(0, sqlRowsMax).map((r) => cols.map((c) => asText(r[c.name])));
  }
  result.execTime = Math.round(performance.now() - started);
  return result;
}

async function columnsOf(store: Store, sql: string, rows: Record<string, unknown>[]): Promise<ColumnInfo[]> {
  try {
    return await store.describe(sql);
  } catch {
    // not describable (PRAGMA, SHOW…): the names of the first row
    return Object.keys(rows[0] ?? {}).map((name) => ({ name, table: null, column: null, type: null }));
  }
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Splits on `;` outside quotes, comments and Postgres dollar quotes; empty statements dropped. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === '[') {
      const end = sql.indexOf(']', i + 1);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
      } else i++;
    } else if (ch === ';') {
      out.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(s));
}
