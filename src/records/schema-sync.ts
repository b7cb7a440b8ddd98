import type { Executor } from '../store/store.js';
import { getFieldType } from './fields/registry.js';
import { isMultiple, type Collection, type Field } from './model.js';

/**
 * Keeps a collection's table (or view) in step with its definition. Runs inside the collection
 * save transaction, so a failed change leaves both schema and data untouched.
 */

function columnSql(db: Executor, f: Field): string {
  if (f.name === 'id') return `${db.dialect.quote('id')} ${db.dialect.columnDef('primaryKey')}`;
  return `${db.dialect.quote(f.name)} ${db.dialect.columnDef(getFieldType(f.type).column(f))}`;
}

function tableColumns(db: Executor, c: Collection): string {
  return [...c.fields.map((f) => columnSql(db, f)), ...db.dialect.hiddenColumns()].join(', ');
}

/** Table and column names user-written SQL may mention, as stored (Postgres needs their case). */
export function schemaNames(collections: readonly Collection[]): string[] {
  return [...new Set(collections.flatMap((c) => [c.name, ...c.fields.map((f) => f.name)]))];
}

/** `all`: the other collections, which a view query may read. */
export async function createTable(db: Executor, c: Collection, all: readonly Collection[] = []): Promise<void> {
  if (c.type === 'view') return createView(db, c, all);
  await db.exec(`CREATE TABLE ${db.dialect.quote(c.name)} (${tableColumns(db, c)})`);
  await createIndexes(db, c);
}

async function createView(db: Executor, c: Collection, all: readonly Collection[]): Promise<void> {
  await db.exec(`CREATE VIEW ${db.dialect.quote(c.name)} AS ${db.dialect.viewSql(c.viewQuery ?? '', schemaNames([...all, c]))}`);
}

export async function dropTable(db: Executor, c: Collection): Promise<void> {
  await db.exec(db.dialect.dropRelation(c.type === 'view' ? 'VIEW' : 'TABLE', c.name));
}

/** An index the database refused (unknown column, duplicates under UNIQUE): reported per index. */
export class IndexCreateError extends Error {
  constructor(readonly index: number, readonly indexName: string, cause: unknown) {
    super(`Failed to create index ${indexName} - ${(cause as Error)?.message}.`);
  }
}

async function createIndexes(db: Executor, c: Collection): Promise<void> {
  for (const [i, sql] of c.indexes.entries()) {
    try {
      await db.exec(db.dialect.indexSql(sql, schemaNames([c])));
    } catch (err) {
      throw new IndexCreateError(i, indexName(sql) ?? '', err);
    }
  }
}

/**
 * Postgres drops the views that read a dropped table or view (SQLite keeps them and re-reads
 * them on use): after a rebuild, the view collections are created again from their queries.
 */
async function restoreViews(db: Executor, all: readonly Collection[], changed: Collection): Promise<void> {
  if (!db.dialect.dropCascadesToViews) return;
  const views = all.filter((v) => v.type === 'view' && v.id !== changed.id);
  const names = schemaNames([...all.filter((o) => o.id !== changed.id), changed]);
  for (const v of views) {
    await db.exec(`CREATE OR REPLACE VIEW ${db.dialect.quote(v.name)} AS ${db.dialect.viewSql(v.viewQuery ?? '', names)}`);
  }
}

async function dropIndexes(db: Executor, c: Collection): Promise<void> {
  for (const sql of c.indexes) {
    const name = indexName(sql);
    if (name) await db.exec(`DROP INDEX IF EXISTS ${db.dialect.quote(name)}`);
  }
}

export function indexName(sql: string): string | undefined {
  return /INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"']?(\w+)[`"']?/i.exec(sql)?.[1];
}

/** The SELECT expression that carries an old column's data into a changed field. */
function carryOver(db: Executor, oldF: Field, newF: Field): string {
  const col = db.dialect.quote(oldF.name);
  const wasMulti = isMultiple(oldF);
  const nowMulti = isMultiple(newF);
  if (!wasMulti && nowMulti) return db.dialect.jsonArrayWrap(col);
  if (wasMulti && !nowMulti) return db.dialect.jsonArrayLast(col);
  return col;
}

function sameColumns(db: Executor, oldC: Collection, newC: Collection): boolean {
  if (oldC.fields.length !== newC.fields.length) return false;
  return oldC.fields.every((f, i) => {
    const n = newC.fields[i];
    return f.id === n.id && f.name === n.name && columnSql(db, f) === columnSql(db, n);
  });
}

/**
 * Applies a changed definition. Columns are matched by field id, so a renamed field keeps its
 * data; added fields get their zero value; removed fields lose their column. The table is rebuilt
 * (create, copy, drop, rename) because SQLite cannot alter a column's type in place.
 */
export async function updateTable(db: Executor, oldC: Collection, newC: Collection, all: readonly Collection[] = []): Promise<void> {
  if (newC.type === 'view') {
    await dropTable(db, oldC);
    await createView(db, newC, all);
    return restoreViews(db, all, newC);
  }
  await dropIndexes(db, oldC);
  const q = db.dialect.quote;
  if (oldC.name !== newC.name) await db.exec(`ALTER TABLE ${q(oldC.name)} RENAME TO ${q(newC.name)}`);
  const rebuilt = !sameColumns(db, oldC, newC);
  if (rebuilt) await rebuild(db, oldC, newC);
  await createIndexes(db, newC);
  if (rebuilt) await restoreViews(db, all, newC);
}

async function rebuild(db: Executor, oldC: Collection, newC: Collection): Promise<void> {
  const q = db.dialect.quote;
  const tmp = `_tmp_${newC.name}`;
  const byId = new Map(oldC.fields.map((f) => [f.id, f]));
  const kept = newC.fields.filter((f) => byId.has(f.id));
  await db.exec(`CREATE TABLE ${q(tmp)} (${tableColumns(db, newC)})`);
  if (kept.length) {
    const into = kept.map((f) => q(f.name)).join(', ');
    const from = kept.map((f) => carryOver(db, byId.get(f.id)!, f)).join(', ');
    // rows keep their order, which unsorted lists and `@rowid` follow
    await db.exec(`INSERT INTO ${q(tmp)} (${into}) SELECT ${from} FROM ${q(newC.name)} ORDER BY ${db.dialect.rowid(q(newC.name))}`);
  }
  await db.exec(db.dialect.dropRelation('TABLE', newC.name));
  await db.exec(`ALTER TABLE ${q(tmp)} RENAME TO ${q(newC.name)}`);
}
