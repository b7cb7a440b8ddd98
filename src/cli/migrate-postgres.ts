import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../app/open-store.js';
import { getFieldType } from '../records/fields/registry.js';
import { ensureCollectionsTable, loadCollections, saveCollectionRow } from '../records/collections-table.js';
import type { Collection } from '../records/model.js';
import { rowToData } from '../records/record.js';
import { createTable } from '../records/schema-sync.js';
import type { Executor, Row, Store } from '../store/store.js';
import { UsageError } from './args.js';
import { CopyProgress } from './migrate-progress.js';

/** Rows read and written per statement; Postgres takes at most 65535 parameters per statement. */
const batchRowsMax = 500;
const paramsMax = 60_000;

export interface MigrateToOptions {
  dataDir: string;
  to: string;
  /** Replace whatever tables and views the target schema holds. */
  force: boolean;
  progress?: CopyProgress;
}

interface Count {
  table: string;
  source: number;
  target: number;
}

/**
 * `plinth migrate --to=postgres://…`: copies the SQLite database of a data dir into an empty
 * Postgres database (or `?schema=`). Collections keep their ids, rules, indexes and views; every
 * record (superusers and users with their password hashes, OAuth2 links, MFA/OTP state, auth
 * origins) goes through its field types; other system tables (settings, outbox, webhooks, job
 * leases, applied migrations) are copied row for row. Files stay where they are: a node on
 * Postgres with the same --dir (or the same S3 bucket) serves them. One transaction: a failed
 * copy leaves the target empty. Then row counts are compared table by table.
 */
export async function migrateToPostgres(opts: MigrateToOptions): Promise<{ report: string; ok: boolean }> {
  if (!existsSync(join(opts.dataDir, 'data.db'))) throw new UsageError(`no SQLite database at ${join(opts.dataDir, 'data.db')}`);
  const source = await openStore({ dataDir: opts.dataDir });
  const target = await openStore({ dataDir: opts.dataDir, db: opts.to }).catch(async (e) => {
    await source.close();
    throw e;
  });
  const progress = opts.progress ?? new CopyProgress();
  try {
    await clearTarget(target, opts.force);
    const collections = await loadCollections(source);
    const others = await otherTables(source, collections);
    await target.transaction(async (tx) => {
      await ensureCollectionsTable(tx);
      for (const c of [...collections.filter((x) => x.type !== 'view'), ...collections.filter((x) => x.type === 'view')]) {
        await createTable(tx, c, collections);
      }
      for (const c of collections) await saveCollectionRow(tx, c);
      for (const t of others) for (const sql of t.ddl) await tx.exec(sql);
      for (const c of collections) if (c.type !== 'view') await copyRows(source, tx, c.name, progress, (rows) => recordValues(c, rows), tx.dialect.quote);
      for (const t of others) await copyRows(source, tx, t.name, progress, rawValues, asWritten);
    });
    const counts: Count[] = [];
    for (const name of ['_collections', ...collections.map((c) => c.name), ...others.map((t) => t.name)]) {
      const raw = others.some((t) => t.name === name) || name === '_collections';
      counts.push({ table: name, source: await count(source, name), target: await count(target, name, raw ? asWritten : target.dialect.quote) });
    }
    return verification(counts);
  } finally {
    await source.close();
    await target.close();
  }
}

/** An empty target, or one emptied on request: a copy never mixes with data already there. */
async function clearTarget(target: Store, force: boolean): Promise<void> {
  const found = await target.query<{ name: string; kind: string }>(
    "SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_schema = current_schema()");
  if (!found.length) return;
  if (!force) {
    throw new UsageError(`the target is not empty (${found.length} tables and views in its schema, e.g. "${found[0].name}"); ` +
      'run with --force to drop them and copy anyway');
  }
  const q = target.dialect.quote;
  for (const t of found) await target.exec(`DROP ${t.kind === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${q(t.name)} CASCADE`);
}

/** Tables that are not collections (settings, outbox, …), with the DDL they were made with. */
async function otherTables(source: Store, collections: Collection[]): Promise<{ name: string; ddl: string[] }[]> {
  const skip = new Set(['_collections', ...collections.map((c) => c.name.toLowerCase())]);
  const rows = await source.query<{ type: string; name: string; tbl: string; sql: string }>(
    "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
  const tables = rows.filter((r) => r.type === 'table' && !skip.has(r.name.toLowerCase()));
  return tables.map((t) => ({
    name: t.name,
    ddl: [t.sql, ...rows.filter((r) => r.type === 'index' && r.tbl === t.name).map((r) => r.sql)],
  }));
}

type Values = (rows: Row[]) => { cols: string[]; values: unknown[][] };

function recordValues(c: Collection, rows: Row[]) {
  const cols = c.fields.map((f) => f.name);
  const values = rows.map((row) => {
    const data = rowToData(c, row);
    return c.fields.map((f) => getFieldType(f.type).toDb(data[f.name], f));
  });
  return { cols, values };
}

function rawValues(rows: Row[]) {
  const cols = Object.keys(rows[0] ?? {}).filter((k) => k !== '_copy_rowid');
  return { cols, values: rows.map((r) => cols.map((k) => r[k])) };
}

/** Rows in insertion order (SQLite's rowid), so that unsorted lists read the same on Postgres. */
/**
 * System tables are created and queried with unquoted names (Postgres folds them to lower case);
 * the copy names them the same way. Collections are always quoted.
 */
const asWritten = (id: string) => (/^[A-Za-z_]\w*$/.test(id) ? id : `"${id.replace(/"/g, '""')}"`);

async function copyRows(source: Store, tx: Executor, table: string, progress: CopyProgress, toValues: Values, tq: (id: string) => string): Promise<void> {
  const q = source.dialect.quote;
  const total = await count(source, table);
  const width = (await source.query(`SELECT * FROM ${q(table)} LIMIT 1`)).map((r) => Object.keys(r).length)[0] ?? 1;
  const batch = Math.max(1, Math.min(batchRowsMax, Math.floor(paramsMax / width)));
  progress.start(table, total);
  let last = -Infinity;
  for (;;) {
    const rows = await source.query(`SELECT *, rowid AS _copy_rowid FROM ${q(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`, [last === -Infinity ? -9e15 : last, batch]);
    if (!rows.length) break;
    last = Number(rows[rows.length - 1]._copy_rowid);
    const { cols, values } = toValues(rows);
    const marks = values.map((v) => `(${v.map(() => '?').join(', ')})`).join(', ');
    await tx.run(tx.dialect.finalize(`INSERT INTO ${tq(table)} (${cols.map(tq).join(', ')}) VALUES ${marks}`), values.flat());
    progress.add(rows.length);
  }
  progress.done();
}

async function count(db: Executor, table: string, q = db.dialect.quote): Promise<number> {
  const r = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q(table)}`);
  return Number(r?.n ?? 0);
}

function verification(counts: Count[]): { report: string; ok: boolean } {
  const w = Math.max(5, ...counts.map((c) => c.table.length));
  const lines = [`${'table'.padEnd(w)}  ${'source'.padStart(8)}  ${'target'.padStart(8)}`];
  for (const c of counts) lines.push(`${c.table.padEnd(w)}  ${String(c.source).padStart(8)}  ${String(c.target).padStart(8)}  ${c.source === c.target ? 'ok' : 'MISMATCH'}`);
  const bad = counts.filter((c) => c.source !== c.target);
  lines.push(bad.length ? `Verification failed: ${bad.length} of ${counts.length} tables differ.` : `Verified: ${counts.length} tables, row counts match.`);
  return { report: lines.join('\n'), ok: !bad.length };
}
