import type { Store } from './store.js';

/**
 * Runs `CREATE … IF NOT EXISTS` statements for a table of the system. On Postgres two nodes
 * starting together may both find the table missing, and the loser of the race fails on the
 * catalog's unique index rather than finding the table made: the statements run in a transaction
 * holding an advisory lock, so nodes take turns. (SQLite's single writer already serialises them.)
 * The lock is not bootstrap's: bootstrap creates the settings table while it holds its own.
 */
export async function createTables(store: Store, statements: string | readonly string[]): Promise<void> {
  const list = typeof statements === 'string' ? [statements] : statements;
  const lock = store.dialect.schemaLock();
  if (!lock) {
    for (const sql of list) await store.exec(sql);
    return;
  }
  await store.transaction(async (tx) => {
    await tx.get(lock, ['plinth_tables']);
    for (const sql of list) await tx.exec(sql);
  });
}
