import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from './postgres/postgres-store.js';
import { createTestSchema } from './postgres/test-schema.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Store behaviour, written once; each driver registers a factory here. */
const drivers: Record<string, () => Promise<{ store: Store; cleanup: () => void | Promise<void> }>> = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-store-'));
    return { store: new SqliteStore(join(dir, 'data.db')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const db = await createTestSchema();
    return { store: new PostgresStore(db.url), cleanup: db.drop };
  },
};

for (const [name, make] of Object.entries(drivers)) {
  describe(`store: ${name}`, () => {
    const withStore = (fn: (s: Store) => Promise<void>) => async () => {
      const { store, cleanup } = await make();
      try {
        await store.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)');
        await fn(store);
      } finally {
        await store.close();
        await cleanup();
      }
    };

    test('commit makes writes visible; rollback discards them', withStore(async (s) => {
      await s.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (?, ?)', ['a', 1]);
      });
      await assert.rejects(s.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (?, ?)', ['b', 2]);
        throw new Error('boom');
      }), /boom/);
      assert.deepEqual(await s.query('SELECT id FROM t ORDER BY id'), [{ id: 'a' }]);
    }));

    test('readers outside a transaction never see its uncommitted writes', withStore(async (s) => {
      let seenInside: unknown;
      await s.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (?, ?)', ['a', 1]);
        seenInside = await new Promise((resolve) => setImmediate(() => resolve(null))).then(() => null);
        const own = await tx.get('SELECT id FROM t WHERE id = ?', ['a']);
        assert.deepEqual(own, { id: 'a' });
      });
      assert.equal(seenInside, null);
      assert.deepEqual(await s.get('SELECT id FROM t WHERE id = ?', ['a']), { id: 'a' });
    }));

    test('a concurrent reader reads the last committed state while a write is open', withStore(async (s) => {
      await s.run('INSERT INTO t VALUES (?, ?)', ['a', 1]);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const writing = s.transaction(async (tx) => {
        await tx.run('UPDATE t SET n = 2 WHERE id = ?', ['a']);
        await gate;
      });
      // not inside the transaction's async context: reads the committed value
      const during = await new Promise((resolve) => setTimeout(() => resolve(s.get('SELECT n FROM t WHERE id = ?', ['a'])), 5));
      release();
      await writing;
      assert.deepEqual(during, { n: 1 });
      assert.deepEqual(await s.get('SELECT n FROM t WHERE id = ?', ['a']), { n: 2 });
    }));

    test('concurrent read-then-write transactions lose no update (locking the rows they read)', withStore(async (s) => {
      await s.run('INSERT INTO t VALUES (?, ?)', ['c', 0]);
      await Promise.all(Array.from({ length: 50 }, () => s.transaction(async (tx) => {
        const r = await tx.get<{ n: number }>('SELECT n FROM t WHERE id = ?' + s.dialect.lockRows(), ['c']);
        await new Promise((res) => setImmediate(res));
        await tx.run('UPDATE t SET n = ? WHERE id = ?', [Number(r!.n) + 1, 'c']);
      })));
      assert.deepEqual(await s.get('SELECT n FROM t WHERE id = ?', ['c']), { n: 50 });
    }));

    test('nested transactions are savepoints: the inner failure rolls back only itself', withStore(async (s) => {
      await s.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (?, ?)', ['outer', 1]);
        await assert.rejects(s.transaction(async (inner) => {
          await inner.run('INSERT INTO t VALUES (?, ?)', ['inner', 1]);
          throw new Error('inner');
        }));
      });
      assert.deepEqual(await s.query('SELECT id FROM t'), [{ id: 'outer' }]);
    }));

    test('afterCommit callbacks run after commit, never after rollback', withStore(async (s) => {
      const calls: string[] = [];
      await s.transaction(async (tx) => {
        tx.afterCommit(() => void calls.push('committed'));
        await tx.run('INSERT INTO t VALUES (?, ?)', ['x', 1]);
        assert.deepEqual(calls, []);
      });
      await assert.rejects(s.transaction(async (tx) => {
        tx.afterCommit(() => void calls.push('rolled back'));
        throw new Error('no');
      }));
      assert.deepEqual(calls, ['committed']);
    }));

    test('booleans, objects and undefined bind', withStore(async (s) => {
      await s.exec('CREATE TABLE v (b BOOLEAN, j JSON, u TEXT)');
      await s.run('INSERT INTO v VALUES (?, ?, ?)', [true, { a: [1] }, undefined]);
      const row = await s.get<{ b: unknown }>('SELECT b, j, u FROM v');
      // SQLite hands booleans back as 1/0, Postgres as true/false; JSON comes back as its text
      assert.deepEqual({ ...row, b: Number(row!.b) }, { b: 1, j: '{"a":[1]}', u: null });
    }));

    test('describe reports result columns and their source', withStore(async (s) => {
      const cols = await s.describe('SELECT id, n + 1 AS m FROM t');
      assert.deepEqual(cols.map((c) => [c.name, c.table, c.column]), [['id', 't', 'id'], ['m', null, null]]);
    }));

    test('a unique violation reads the same on every store', withStore(async (s) => {
      await s.run('INSERT INTO t VALUES (?, ?)', ['a', 1]);
      await assert.rejects(s.run('INSERT INTO t VALUES (?, ?)', ['a', 2]), /UNIQUE constraint failed: t\.id/);
    }));

    test('a failed statement in a nested transaction leaves the outer one usable', withStore(async (s) => {
      await s.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (?, ?)', ['a', 1]);
        await assert.rejects(tx.transaction((inner) => inner.run('INSERT INTO t VALUES (?, ?)', ['a', 2])));
        await assert.rejects(tx.describe('SELECT nope FROM t'));
        await tx.run('INSERT INTO t VALUES (?, ?)', ['b', 2]);
      });
      assert.deepEqual(await s.query('SELECT id, n FROM t ORDER BY id'), [{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
    }));

    test('placeholders inside string literals are text, not parameters', withStore(async (s) => {
      assert.deepEqual(await s.get("SELECT 'a?b' AS x, ? AS y", ['c']), { x: 'a?b', y: 'c' });
    }));
  });
}
