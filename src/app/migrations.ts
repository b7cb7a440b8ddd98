import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publicCollection } from '../records/collection-normalize.js';
import type { App } from './app.js';
import { PlinthApi } from './plinth-api.js';
import { createTables } from '../store/create-tables.js';

/** A migration file: `up` applies it, `down` reverts it; both run in one transaction. */
export interface Migration {
  up(api: PlinthApi): Promise<void> | void;
  down?(api: PlinthApi): Promise<void> | void;
}

const migrationFile = /^\d+_[\w-]+\.(ts|mts|js|mjs)$/;

/** `plinth_migrations` sits beside the data dir, as `pb_migrations` beside `pb_data`. */
export function defaultMigrationsDir(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'plinth_migrations');
}

async function ensureTable(app: App) {
  await createTables(app.store, 'CREATE TABLE IF NOT EXISTS _migrations (file TEXT PRIMARY KEY NOT NULL, applied BIGINT NOT NULL)');
}

async function load(path: string): Promise<Migration> {
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  // files outside an ESM package load as CommonJS: exports sit under `default`
  const m = (typeof mod.up === 'function' ? mod : mod.default) as Migration | undefined;
  if (!m || typeof m.up !== 'function') throw new Error(`migration ${path} must export an up(api) function`);
  return m;
}

export async function appliedMigrations(app: App): Promise<{ file: string; applied: number }[]> {
  await ensureTable(app);
  return app.store.query('SELECT file, applied FROM _migrations ORDER BY file');
}

/** Applies every migration file not applied yet, in name order, each in its own transaction. */
export async function migrateUp(app: App, dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const done = new Set((await appliedMigrations(app)).map((r) => r.file));
  const pending = readdirSync(dir).filter((f) => migrationFile.test(f) && !done.has(f)).sort();
  for (const file of pending) {
    const m = await load(join(dir, file));
    await app.store.transaction(async (tx) => {
      await m.up(new PlinthApi(app, `migration:${file}`));
      await tx.run('INSERT INTO _migrations (file, applied) VALUES (?, ?)', [file, Date.now()]);
    });
    await app.collections.reload();
  }
  return pending;
}

/** Reverts the last `count` applied migrations, newest first. */
export async function migrateDown(app: App, dir: string, count = 1): Promise<string[]> {
  const applied = (await appliedMigrations(app)).map((r) => r.file).reverse().slice(0, count);
  for (const file of applied) {
    const m = await load(join(dir, file));
    await app.store.transaction(async (tx) => {
      await m.down?.(new PlinthApi(app, `migration:${file}`));
      await tx.run('DELETE FROM _migrations WHERE file = ?', [file]);
    });
    await app.collections.reload();
  }
  return applied;
}

/** Writes a new, empty migration file and returns its path. */
export function createMigration(dir: string, name: string, body = defaultBody): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${Math.floor(Date.now() / 1000)}_${name.replace(/\W+/g, '_')}.ts`);
  writeFileSync(path, body);
  return path;
}

const defaultBody = `import type { PlinthApi } from 'plinth';

export async function up(api: PlinthApi) {
  // e.g. await api.app.collections.create({ name: 'posts', type: 'base', fields: [{ name: 'title', type: 'text' }] });
}

export async function down(api: PlinthApi) {
}
`;

/** A migration that recreates the current collections (non-system) with `import`. */
export function snapshotBody(app: App): string {
  const collections = app.collections.all().filter((c) => !c.system).map((c) => publicCollection(c));
  return `import type { PlinthApi } from 'plinth';

const snapshot = ${JSON.stringify(collections, null, 2)};

export async function up(api: PlinthApi) {
  await api.app.collections.import(snapshot, false);
}
`;
}
