/**
 * Collections and rows shared by the rules tests: posts with single and multiple relations to
 * authors, comments pointing back at posts, an auth collection, plus a real in-memory SQLite
 * database with tables laid out the way Plinth stores records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { getFieldType } from '../records/fields/registry.js';
import type { Collection, Field, FieldTypeName } from '../records/model.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestSchema } from '../store/postgres/test-schema.js';
import { sqliteDialect } from '../store/sqlite/sqlite-dialect.js';
import type { Executor } from '../store/store.js';
import type { CaseGroup } from './filter-exec-cases.js';
import { compileFilter, type FilterOptions, type RequestInfo } from './record-filter.js';

function field(name: string, type: FieldTypeName, options: Record<string, unknown> = {}): Field {
  return { id: `f_${name}`, name, type, system: false, hidden: false, presentable: false, ...options };
}

function collection(id: string, name: string, fields: Field[], extra: Partial<Collection> = {}): Collection {
  return {
    id, name, type: 'base', system: false, fields: [field('id', 'text'), ...fields], indexes: [],
    listRule: '', viewRule: '', createRule: null, updateRule: null, deleteRule: null,
    created: '', updated: '', ...extra,
  };
}

export const users = collection('_pb_users_', 'users', [
  field('password', 'password', { hidden: true }), field('tokenKey', 'text', { hidden: true }),
  field('email', 'email'), field('emailVisibility', 'bool'), field('verified', 'bool'),
  field('name', 'text'), field('role', 'select', { maxSelect: 1, values: ['admin', 'user'] }),
  field('friends', 'relation', { collectionId: '_pb_users_', maxSelect: 5 }),
], { type: 'auth', listRule: 'id = @request.auth.id' });

export const authors = collection('c_authors', 'authors', [
  field('name', 'text'), field('age', 'number'), field('tags', 'select', { maxSelect: 3, values: ['a', 'b', 'c'] }),
  field('data', 'json'), field('loc', 'geoPoint'), field('secret', 'text', { hidden: true }), field('hiddenflag', 'bool'),
  field('owner', 'relation', { collectionId: '_pb_users_', maxSelect: 1 }),
], { listRule: 'hiddenflag = false' });

export const posts = collection('c_posts', 'posts', [
  field('title', 'text'), field('views', 'number'),
  field('author', 'relation', { collectionId: 'c_authors', maxSelect: 1 }),
  field('authors', 'relation', { collectionId: 'c_authors', maxSelect: 5 }),
  field('tags', 'select', { maxSelect: 3, values: ['a', 'b', 'c'] }),
  field('cat', 'select', { maxSelect: 1, values: ['x', 'y'] }),
  field('published', 'date'), field('meta', 'json'), field('draft', 'bool'),
]);

export const comments = collection('c_comments', 'comments', [
  field('post', 'relation', { collectionId: 'c_posts', maxSelect: 1 }), field('body', 'text'),
  field('likes', 'relation', { collectionId: 'c_posts', maxSelect: 5 }),
]);

/** One comment per post at most: a unique index makes `profiles_via_user` single-valued. */
export const profiles = collection('c_profiles', 'profiles', [
  field('user', 'relation', { collectionId: '_pb_users_', maxSelect: 1 }), field('bio', 'text'),
], { indexes: ['CREATE UNIQUE INDEX `idx_profiles_user` ON `profiles` (`user`)'] });

export const locked = collection('c_locked', 'locked', [field('post', 'relation', { collectionId: 'c_posts', maxSelect: 1 }), field('note', 'text')], { listRule: null });

export const all = [users, authors, posts, comments, profiles, locked];

export function find(idOrName: string): Collection | undefined {
  return all.find((c) => c.id === idOrName || c.name.toLowerCase() === idOrName.toLowerCase());
}

export function options(c: Collection, request: Partial<RequestInfo> = {}, mode: FilterOptions['mode'] = 'rule'): FilterOptions {
  return { collection: c, alias: sqliteDialect.quote(c.name), findCollection: find, request: { auth: null, ...request }, dialect: sqliteDialect, mode };
}

const columnType = (f: Field) =>
  f.type === 'number' ? "NUMERIC DEFAULT 0 NOT NULL" : f.type === 'bool' ? 'BOOLEAN DEFAULT FALSE NOT NULL' : f.type === 'json' ? 'JSON DEFAULT NULL' : "TEXT DEFAULT '' NOT NULL";

type Row = Record<string, unknown>;

/** Rows as stored: multi values and json as JSON text, bools as 0/1. */
export const rows: Record<string, Row[]> = {
  users: [
    { id: 'u1', email: 'ann@x.io', emailVisibility: 1, verified: 1, name: 'Ann', role: 'admin', friends: '["u2"]', tokenKey: 'k1' },
    { id: 'u2', email: 'bob@x.io', emailVisibility: 0, verified: 0, name: 'Bob', role: 'user', friends: '[]', tokenKey: 'k2' },
  ],
  authors: [
    { id: 'a1', name: 'ann', age: 30, tags: '["a","b"]', data: '{"x":1,"arr":[1,2],"s":"v"}', loc: '{"lon":23.32,"lat":42.69}', secret: 's1', hiddenflag: 0, owner: 'u1' },
    { id: 'a2', name: 'bob', age: 40, tags: '["a"]', data: '{"x":2}', loc: '{"lon":0,"lat":0}', secret: 's2', hiddenflag: 0, owner: 'u2' },
    { id: 'a3', name: 'cid', age: 50, tags: '[]', data: null, loc: '{"lon":0,"lat":0}', secret: '', hiddenflag: 1, owner: '' },
  ],
  posts: [
    { id: 'p1', title: '5', views: 5, author: 'a1', authors: '["a1","a2"]', tags: '["a","b"]', cat: 'x', meta: '{"k":"v"}', draft: 0 },
    { id: 'p2', title: 'hello 50% off_x', views: 10, author: 'a2', authors: '["a2"]', tags: '["a"]', published: '2024-05-01 10:00:00.000Z', draft: 1 },
    { id: 'p3', title: '', views: 0, authors: '[]', tags: '[]', meta: null },
    { id: 'p4', title: 'x', views: 1, author: 'a3', authors: '["a3","a1"]', tags: '[]', meta: '5' },
    { id: 'p5', title: 'back\\slash', views: 2, authors: '[]', tags: '["c"]', meta: 'null' },
  ],
  comments: [
    { id: 'c1', post: 'p1', body: 'hi', likes: '["p1","p2"]' },
    { id: 'c2', post: 'p1', body: 'yo', likes: '[]' },
    { id: 'c3', post: 'p2', body: 'hi', likes: '["p2"]' },
  ],
  profiles: [{ id: 'pr1', user: 'u1', bio: 'hello' }],
  locked: [{ id: 'l1', post: 'p1', note: 'n' }],
};

export function openDb(): Database.Database {
  const db = new Database(':memory:');
  for (const c of all) {
    const cols = c.fields.map((f) => (f.name === 'id' ? '`id` TEXT PRIMARY KEY NOT NULL' : `\`${f.name}\` ${columnType(f)}`));
    db.exec(`CREATE TABLE \`${c.name}\` (${cols.join(', ')})`);
    for (const row of rows[c.name] ?? []) {
      const keys = Object.keys(row);
      db.prepare(`INSERT INTO \`${c.name}\` (${keys.map((k) => `\`${k}\``).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]));
    }
  }
  return db;
}

/** Ids of `c`'s rows matching `filter`, sorted and comma-joined. */
export function matchIds(db: Database.Database, filter: string, req: Partial<RequestInfo> = {}, mode: FilterOptions['mode'] = 'rule', c: Collection = posts): string {
  const { sql, params } = compileFilter(filter, options(c, req, mode));
  const found = db.prepare(`SELECT id FROM \`${c.name}\` WHERE ${sql} ORDER BY id`).all(...params) as { id: string }[];
  return found.map((r) => r.id).join(',');
}

/**
 * The same rows in a fresh Postgres schema, in the column types Plinth's schema uses there
 * (jsonb lists and documents, booleans, double precision).
 */
export async function openPostgres(): Promise<{ db: Executor; close: () => Promise<void> }> {
  const schema = await createTestSchema();
  const store = new PostgresStore(schema.url);
  const d = store.dialect;
  for (const c of all) {
    const cols = c.fields.map((f) => `${d.quote(f.name)} ${d.columnDef(f.name === 'id' ? 'primaryKey' : getFieldType(f.type).column(f))}`);
    await store.exec(`CREATE TABLE ${d.quote(c.name)} (${[...cols, ...d.hiddenColumns()].join(', ')})`);
    for (const row of rows[c.name] ?? []) {
      const keys = Object.keys(row);
      await store.run(`INSERT INTO ${d.quote(c.name)} (${keys.map(d.quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`, keys.map((k) => row[k]));
    }
  }
  return { db: store, close: async () => {
    await store.close();
    await schema.drop();
  } };
}

/** `matchIds` on any store. */
export async function queryIds(db: Executor, filter: string, req: Partial<RequestInfo> = {}, mode: FilterOptions['mode'] = 'rule', c: Collection = posts): Promise<string> {
  const d = db.dialect;
  const { sql, params } = compileFilter(filter, { ...options(c, req, mode), alias: d.quote(c.name), dialect: d });
  const found = await db.query<{ id: string }>(`SELECT id FROM ${d.quote(c.name)} WHERE ${sql} ORDER BY id`, params);
  return found.map((r) => r.id).join(',');
}

/**
 * Runs case groups (see filter-exec-cases) as one test per entry on every store: SQLite in
 * memory, and Postgres in a schema of its own. `differs` holds the filters whose answer on a
 * store is knowingly not PocketBase's, with that store's answer.
 */
export function testOnStores(
  groups: Record<string, CaseGroup[]>,
  differs: Partial<Record<'sqlite' | 'postgres', Record<string, string>>> = {},
): void {
  const sqlite = openDb();
  describe('on sqlite', () => {
    for (const [name, list] of Object.entries(groups)) {
      test(name, () => {
        for (const g of list) {
          for (const [filter, expected] of g.cases) {
            assert.equal(matchIds(sqlite, filter, g.request, 'rule', g.collection ?? posts), differs.sqlite?.[filter] ?? expected, filter);
          }
        }
      });
    }
  });
  describe('on postgres', () => {
    let pg: Awaited<ReturnType<typeof openPostgres>>;
    before(async () => {
      pg = await openPostgres();
    });
    after(() => pg.close());
    for (const [name, list] of Object.entries(groups)) {
      test(name, async () => {
        for (const g of list) {
          for (const [filter, expected] of g.cases) {
            const got = await queryIds(pg.db, filter, g.request, 'rule', g.collection ?? posts).catch((e: Error) => `error: ${e.message}`);
            assert.equal(got, differs.postgres?.[filter] ?? expected, `${filter} ${JSON.stringify(g.request ?? {})}`);
          }
        }
      });
    }
  });
}
