import type { Executor } from '../store/store.js';
import { getFieldType } from './fields/registry.js';
import { isMultiple, type Collection, type Field } from './model.js';

/**
 * Keeps a collection's table (or view) in step with its definition. Runs inside the collection
 * save transaction, so a failed change leaves both schema and data untouched.
 */

function columnSql(db: Executor, f: Field): string {
  if (f.name === 'id') return `${db.dialect.quote('id')} TEXT PRIMARY KEY NOT NULL`;
  return `${db.dialect.quote(f.name)} ${db.dialect.columnDef(getFieldType(f.type).column(f))}`;
}

export async function createTable(db: Executor, c: Collection): Promise<void> {
  if (c.type === 'view') return createView(db, c);
  const cols = c.fields.map((f) => columnSql(db, f)).join(', ');
  await db.exec(`CREATE TABLE ${db.dialect.quote(c.name)} (${cols})`);
  await createIndexes(db, c);
}

async function createView(db: Executor, c: Collection): Promise<void> {
  await db.exec(`CREATE VIEW ${db.dialect.quote(c.name)} AS ${c.viewQuery}`);
}

export async function dropTable(db: Executor, c: Collection): Promise<void> {
  await db.exec(`DROP ${c.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${db.dialect.quote(c.name)}`);
}

async function createIndexes(db: Executor, c: Collection): Promise<void> {
  for (const sql of c.indexes) await db.exec(sql);
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
export async function updateTable(db: Executor, oldC: Collection, newC: Collection): Promise<void> {
  if (newC.type === 'view') {
    await dropTable(db, oldC);
    return createView(db, newC);
  }
  await dropIndexes(db, oldC);
  const q = db.dialect.quote;
  if (oldC.name !== newC.name) await db.exec(`ALTER TABLE ${q(oldC.name)} RENAME TO ${q(newC.name)}`);
  if (!sameColumns(db, oldC, newC)) await rebuild(db, oldC, newC);
  await createIndexes(db, newC);
}

async function rebuild(db: Executor, oldC: Collection, newC: Collection): Promise<void> {
  const q = db.dialect.quote;
  const tmp = `_tmp_${newC.name}`;
  const byId = new Map(oldC.fields.map((f) => [f.id, f]));
  const kept = newC.fields.filter((f) => byId.has(f.id));
  await db.exec(`CREATE TABLE ${q(tmp)} (${newC.fields.map((f) => columnSql(db, f)).join(', ')})`);
  if (kept.length) {
    const into = kept.map((f) => q(f.name)).join(', ');
    const from = kept.map((f) => carryOver(db, byId.get(f.id)!, f)).join(', ');
    await db.exec(`INSERT INTO ${q(tmp)} (${into}) SELECT ${from} FROM ${q(newC.name)}`);
  }
  await db.exec(`DROP TABLE ${q(newC.name)}`);
  await db.exec(`ALTER TABLE ${q(tmp)} RENAME TO ${q(newC.name)}`);
}
