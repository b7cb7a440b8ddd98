import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The Postgres the test suites use: the machine's server (trust auth), database `test`. */
export const testPostgresUrl = process.env.PLINTH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh schema for one test store, so that tests running side by side never see each other's
 * tables; `url` points every connection at it, `drop` removes it and everything in it.
 */
export async function createTestSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `plinth_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const u = new URL(testPostgresUrl);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: testPostgresUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
