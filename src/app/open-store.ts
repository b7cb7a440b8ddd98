import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

/** `postgres://` and `postgresql://` URLs name a Postgres database. */
export const isPostgresUrl = (db: string | undefined): db is string => !!db && /^postgres(ql)?:\/\//i.test(db);

/**
 * The store for a data directory: SQLite at `<dataDir>/data.db` by default, or the Postgres
 * database `db` names (`postgres://user@host:5432/name[?schema=s]`).
 */
export async function openStore(opts: { dataDir: string; db?: string }): Promise<Store> {
  if (opts.db && !isPostgresUrl(opts.db)) throw new Error(`unsupported database URL "${opts.db}" (use postgres://USER@HOST:PORT/DB)`);
  mkdirSync(opts.dataDir, { recursive: true });
  if (!isPostgresUrl(opts.db)) return new SqliteStore(join(opts.dataDir, 'data.db'));
  // loaded on demand: a SQLite server never holds the Postgres driver in memory
  const { PostgresStore } = await import('../store/postgres/postgres-store.js');
  return new PostgresStore(opts.db);
}
