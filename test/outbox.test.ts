import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PlinthApi, BadRequestError } from '../src/index.js';
import { Outbox } from '../src/outbox/outbox.js';
import { backoffMs } from '../src/outbox/outbox-table.js';
import { startServer, type TestServer } from './harness.js';

process.env.PLINTH_OUTBOX_BACKOFF_MS = '30';
process.env.PLINTH_OUTBOX_POLL_MS = '100';

let s: TestServer;
let api: PlinthApi;
const delivered: { topic: string; payload: any; key: string }[] = [];
let failuresLeft = 0;

async function until<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  s = await startServer();
  const admin = await s.admin();
  await admin.collections.create({ name: 'posts', type: 'base', fields: [{ name: 'title', type: 'text' }], createRule: '' });
  api = new PlinthApi(s.app, 'test');
  api.outbox.handle('test.mail', async (entry) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('receiver down');
    }
    delivered.push({ topic: entry.topic, payload: entry.payload, key: entry.idempotencyKey });
  });
  // hook code queues a message in the write's transaction; "rollback" fails the write afterwards
  api.onRecordCreate(async (e) => {
    await e.next();
    await api.outbox.enqueue({ topic: 'test.mail', payload: { title: e.record.title } });
    if (e.record.title === 'rollback') throw new BadRequestError('rolled back on purpose');
  }, 'posts');
});

after(async () => {
  api.unbindAll();
  await s.stop();
});

test('a message queued by hook code is delivered after commit; a rolled-back write sends nothing', async () => {
  const pb = s.client();
  await pb.collection('posts').create({ title: 'first' });
  await assert.rejects(pb.collection('posts').create({ title: 'rollback' }), /rolled back/i);
  await pb.collection('posts').create({ title: 'second' });
  await until(() => delivered.length >= 2);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(delivered.map((d) => d.payload.title).sort(), ['first', 'second']);
  const rows = await s.app.store.query("SELECT payload FROM _outbox WHERE topic = 'test.mail'");
  assert.equal(rows.length, 2, 'the rolled-back row was never stored');
});

test('failures retry with backoff, then the entry is delivered; after maxAttempts it is dead, and replay sends it again', async () => {
  delivered.length = 0;
  failuresLeft = 2;
  const id = await api.outbox.enqueue({ topic: 'test.mail', payload: { title: 'flaky' }, idempotencyKey: 'key-flaky' });
  await until(() => delivered.length === 1);
  // the outcome is written just after the handler returns
  const ok = await until(async () => {
    const e = await s.app.outbox.get(id);
    return e?.status === 'delivered' ? e : undefined;
  });
  assert.equal(ok?.status, 'delivered');
  assert.equal(ok?.attempts, 3);
  assert.equal(delivered[0]!.key, 'key-flaky');

  const max = s.app.outbox.options.maxAttempts;
  s.app.outbox.options.maxAttempts = 3;
  try {
    failuresLeft = 3;
    const deadId = await api.outbox.enqueue({ topic: 'test.mail', payload: { title: 'doomed' } });
    const dead = await until(async () => {
      const e = await s.app.outbox.get(deadId);
      return e?.status === 'dead' ? e : undefined;
    });
    assert.equal(dead.attempts, 3);
    assert.equal(dead.lastError, 'receiver down');
    assert.equal(delivered.length, 1);
    assert.equal(await s.app.outbox.replay(deadId), true);
    await until(() => delivered.length === 2);
    assert.equal(delivered[1]!.payload.title, 'doomed');
    await until(async () => (await s.app.outbox.get(deadId))?.status === 'delivered');
  } finally {
    s.app.outbox.options.maxAttempts = max;
  }
});

test('two dispatchers over one store never deliver the same row twice', async () => {
  const counts = new Map<string, number>();
  const count = async (entry: { id: string }) => {
    await new Promise((r) => setTimeout(r, Math.random() * 5));
    counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
  };
  const a = new Outbox(s.app.store, s.app.bus, { pollMs: 20, concurrency: 4 });
  const b = new Outbox(s.app.store, s.app.bus, { pollMs: 20, concurrency: 4 });
  a.handle('test.race', count);
  b.handle('test.race', count);
  a.start();
  b.start();
  try {
    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) => a.enqueue({ topic: 'test.race', payload: i })));
    await until(() => counts.size === n, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual([...new Set(counts.values())], [1]);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('backoff grows exponentially with jitter and is capped', () => {
  for (let i = 0; i < 50; i++) {
    const d1 = backoffMs(1, 1000, 60_000);
    const d4 = backoffMs(4, 1000, 60_000);
    const d20 = backoffMs(20, 1000, 60_000);
    assert.ok(d1 >= 500 && d1 <= 1000, String(d1));
    assert.ok(d4 >= 4000 && d4 <= 8000, String(d4));
    assert.ok(d20 >= 30_000 && d20 <= 60_000, String(d20));
  }
});

test('a handler that never returns is cut off before its lease ends, so no other process delivers it concurrently', async () => {
  let calls = 0;
  const o = new Outbox(s.app.store, s.app.bus, { leaseMs: 300, backoffBaseMs: 20, maxAttempts: 2, pollMs: 50 });
  o.handle('test.stuck', () => {
    calls++;
    return new Promise(() => undefined);
  });
  o.start();
  try {
    const id = await o.enqueue({ topic: 'test.stuck', payload: null });
    const dead = await until(async () => {
      const e = await o.get(id);
      return e?.status === 'dead' ? e : undefined;
    });
    assert.match(dead.lastError, /outlived its lease/);
    assert.equal(calls, 2);
  } finally {
    await o.stop();
  }
});
