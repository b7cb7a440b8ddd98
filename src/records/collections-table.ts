import type { Executor, Row } from '../store/store.js';
import { ruleKeys, type Collection } from './model.js';

/** The `_collections` system table: one row per collection, definitions as JSON. */
export async function ensureCollectionsTable(db: Executor): Promise<void> {
  const name = db.dialect.uniqueNoCase('_collections', 'name');
  const hidden = db.dialect.hiddenColumns().map((c) => ', ' + c).join('');
  const rules = ruleKeys.map((k) => `${db.dialect.quote(k)} TEXT DEFAULT NULL`).join(', ');
  await db.exec(`CREATE TABLE IF NOT EXISTS _collections (
    id ${db.dialect.columnDef('primaryKey')}, system BOOLEAN DEFAULT FALSE NOT NULL, type TEXT DEFAULT 'base' NOT NULL,
    name ${name.columnDef}, fields JSON DEFAULT '[]' NOT NULL, indexes JSON DEFAULT '[]' NOT NULL,
    ${rules}, options JSON DEFAULT '{}' NOT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL${hidden})`);
  for (const sql of name.after) await db.exec(sql);
}

const columns = ['id', 'system', 'type', 'name', 'fields', 'indexes', ...ruleKeys, 'options', 'created', 'updated'];

function toRow(c: Collection): unknown[] {
  const { id, system, type, name, fields, indexes, listRule, viewRule, createRule, updateRule, deleteRule, created, updated, ...options } = c;
  return [id, system, type, name, JSON.stringify(fields), JSON.stringify(indexes), listRule, viewRule, createRule, updateRule, deleteRule, JSON.stringify(options), created, updated];
}

function fromRow(r: Row): Collection {
  return {
    id: String(r.id), system: Boolean(r.system), type: r.type as Collection['type'], name: String(r.name),
    fields: JSON.parse(String(r.fields)), indexes: JSON.parse(String(r.indexes)),
    listRule: r.listRule as string | null, viewRule: r.viewRule as string | null, createRule: r.createRule as string | null,
    updateRule: r.updateRule as string | null, deleteRule: r.deleteRule as string | null,
    ...JSON.parse(String(r.options)), created: String(r.created), updated: String(r.updated),
  };
}

export async function loadCollections(db: Executor): Promise<Collection[]> {
  return (await db.query(`SELECT * FROM _collections ORDER BY ${db.dialect.rowid('_collections')}`)).map(fromRow);
}

export async function saveCollectionRow(db: Executor, c: Collection): Promise<void> {
  const q = db.dialect.quote;
  const placeholders = columns.map(() => '?').join(', ');
  const updates = columns.slice(1).map((k) => `${q(k)} = excluded.${q(k)}`).join(', ');
  await db.run(`INSERT INTO _collections (${columns.map(q).join(', ')}) VALUES (${placeholders}) ON CONFLICT(id) DO UPDATE SET ${updates}`, toRow(c));
}

export async function deleteCollectionRow(db: Executor, id: string): Promise<void> {
  await db.run('DELETE FROM _collections WHERE id = ?', [id]);
}

/** The `_collections` columns clients may filter and sort by, shaped as a collection for the compiler. */
export const collectionsTableModel: Collection = {
  id: '_collections', name: '_collections', type: 'base', system: true, indexes: [],
  listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null, created: '', updated: '',
  fields: ['id', 'name', 'type', 'created', 'updated'].map((name) => ({ id: name, name, type: 'text' as const, system: true, hidden: false, presentable: false }))
    .concat([{ id: 'system', name: 'system', type: 'bool' as never, system: true, hidden: false, presentable: false }]),
};

export async function queryCollections(db: Executor, where: string, whereParams: unknown[], order: string, orderParams: unknown[], limit: number, offset: number) {
  const w = where ? ` WHERE ${where}` : '';
  const natural = db.dialect.storageOrder('_collections');
  const o = order ? ` ORDER BY ${order}` : natural ? ` ORDER BY ${natural}` : '';
  const rows = await db.query(db.dialect.finalize(`SELECT * FROM _collections${w}${o} LIMIT ? OFFSET ?`), [...whereParams, ...orderParams, limit, offset]);
  const total = await db.get<{ n: number }>(db.dialect.finalize(`SELECT COUNT(*) AS n FROM _collections${w}`), whereParams);
  return { items: rows.map(fromRow), total: Number(total?.n ?? 0) };
}
