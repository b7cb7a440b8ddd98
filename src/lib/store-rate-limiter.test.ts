import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestSchema } from '../store/postgres/test-schema.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { StoreRateLimiter } from './store-rate-limiter.js';

const drivers: Record<string, () => Promise<{ stores: Store[]; cleanup: () => Promise<void> }>> = {
  // one connection: two in one process would block each other's synchronous BEGIN (workers are
  // separate processes; test/nodes-cluster.test.ts covers those on Postgres)
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-counters-'));
    const one = new SqliteStore(join(dir, 'data.db'));
    const stores = [one, one];
    return { stores, cleanup: async () => { await one.close(); rmSync(dir, { recursive: true, force: true }); } };
  },
  postgres: async () => {
    const db = await createTestSchema();
    const stores = [new PostgresStore(db.url), new PostgresStore(db.url)];
    return { stores, cleanup: async () => { for (const s of stores) await s.close(); await db.drop(); } };
  },
};

for (const [name, make] of Object.entries(drivers)) {
  test(`store counters (${name}): a window's allowance is shared by every connection, then restarts`, async () => {
    const { stores, cleanup } = await make();
    let now = 1_000_000;
    const [a, b] = stores.map((s) => new StoreRateLimiter(s, () => now));
    try {
      // concurrent hits from two "processes": exactly 5 of 12 pass
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).consume('k', 5, 10)));
      assert.equal(results.filter(Boolean).length, 5);
      assert.equal(await a.consume('other', 5, 10), true, 'keys are independent');
      now += 9_999;
      assert.equal(await b.consume('k', 5, 10), false, 'the window started at the first hit');
      now += 1;
      assert.equal(await b.consume('k', 5, 10), true, 'a closed window restarts');
      assert.equal(await a.consume('k', 1, 20), true, 'another window length (the rule changed) restarts');
      assert.equal(await a.consume('k', 1, 20), false);
      await b.reset('k');
      assert.equal(await a.consume('k', 1, 20), true, 'reset forgets the key everywhere');
      now += 60_000;
      await a.cleanup();
      const left = await stores[0].query('SELECT k FROM _counters');
      assert.deepEqual(left, [], 'cleanup deletes closed windows');
    } finally {
      a.close();
      b.close();
      await cleanup();
    }
  });
}
