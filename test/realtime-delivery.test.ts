import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { BadRequestError, PlinthApi } from '../src/index.js';
import { sseQueueMax } from '../src/realtime/realtime-client.js';
import { startServer, type TestServer } from './harness.js';

(globalThis as any).EventSource ??= EventSource;

let s: TestServer;
let admin: PocketBase;

before(async () => {
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({ name: 'rt_authors', type: 'base', fields: [{ name: 'name', type: 'text' }], listRule: '', viewRule: '' });
  await admin.collections.create({ name: 'rt_secret_authors', type: 'base', fields: [{ name: 'name', type: 'text' }] });
  const authors = await admin.collections.getOne('rt_authors');
  const secret = await admin.collections.getOne('rt_secret_authors');
  await admin.collections.create({
    name: 'rt_posts', type: 'base', listRule: '', viewRule: '', createRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'body', type: 'text', max: 100000 },
      { name: 'author', type: 'relation', collectionId: authors.id, maxSelect: 1 },
      { name: 'ghost', type: 'relation', collectionId: secret.id, maxSelect: 1 },
    ],
  });
});

after(async () => s.stop());

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('no event for a write that rolled back', async () => {
  const api = new PlinthApi(s.app, 'rollback');
  api.onRecordCreate(async (e) => {
    await e.next();
    if (e.record.title === 'doomed') throw new BadRequestError('rolled back after the insert');
  }, 'rt_posts');
  const got: string[] = [];
  const sub = s.client();
  const unsub = await sub.collection('rt_posts').subscribe('*', (e) => got.push(e.record.title));
  try {
    await assert.rejects(s.client().collection('rt_posts').create({ title: 'doomed' }));
    await s.client().collection('rt_posts').create({ title: 'kept' });
    await until(() => got.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(got, ['kept']);
  } finally {
    api.unbindAll();
    await unsub();
  }
});

test('expand is resolved per subscriber, through the related collection\'s view rule', async () => {
  const author = await admin.collection('rt_authors').create({ name: 'Ann' });
  const ghost = await admin.collection('rt_secret_authors').create({ name: 'Hidden' });
  const guestEvents: any[] = [];
  const adminEvents: any[] = [];
  const guest = s.client();
  const u1 = await guest.collection('rt_posts').subscribe('*', (e) => guestEvents.push(e), { expand: 'author,ghost' });
  const u2 = await admin.collection('rt_posts').subscribe('*', (e) => adminEvents.push(e), { expand: 'author,ghost' });
  try {
    await admin.collection('rt_posts').create({ title: 'expanded', author: author.id, ghost: ghost.id });
    await until(() => guestEvents.length >= 1 && adminEvents.length >= 1);
    assert.equal(guestEvents[0].record.expand.author.name, 'Ann');
    assert.equal(guestEvents[0].record.expand.ghost, undefined, 'a guest may not see the locked collection');
    assert.equal(adminEvents[0].record.expand.ghost.name, 'Hidden');
  } finally {
    await u1();
    await u2();
  }
});

test('a stalled client is disconnected once its queue is full; others get every event', async () => {
  const url = new URL(s.url);
  // a raw client that subscribes and then never reads its stream
  const sock = connect(Number(url.port), url.hostname);
  sock.write(`GET /api/realtime HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
  const first = await new Promise<string>((resolve) => sock.once('data', (d) => resolve(String(d))));
  const clientId = /id:(\w{40})/.exec(first)![1];
  const r = await s.fetchJson('/api/realtime', { method: 'POST', json: { clientId, subscriptions: ['rt_posts/*'] } });
  assert.equal(r.status, 204);
  sock.pause();
  let closed = false;
  sock.on('close', () => (closed = true));
  sock.on('error', () => (closed = true));

  const healthy: string[] = [];
  const reader = s.client();
  const unsub = await reader.collection('rt_posts').subscribe('*', (e) => healthy.push(e.record.id));
  const body = 'x'.repeat(16_000);
  const c = s.app.collections.get('rt_posts');
  // enough frames to fill the kernel's socket buffers and then the server's bounded queue
  const writes = sseQueueMax + 1000;
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < writes; i++) {
    await s.app.records.create(c, { title: `bulk ${i}`, body }, { superuser: true });
    // a healthy reader keeps up with a steady write rate: pace the writes to it
    if (i % 20 === 0) await until(() => healthy.length >= i - 40, 10000);
  }
  await until(() => healthy.length >= writes, 30000).catch(() => { throw new Error('healthy got ' + healthy.length); });
  const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  // the stalled client's socket was closed by the server, not left to buffer without bound
  await new Promise((r) => setTimeout(r, 200));
  sock.resume();
  sock.on('data', () => undefined);
  await until(() => closed, 10000).catch(() => { throw new Error('stalled client still open; server clients: ' + s.app.realtime.size); });
  assert.equal(healthy.length, writes);
  assert.ok(rssGrowthMiB < 200, `memory grew ${rssGrowthMiB.toFixed(1)} MiB`);
  await unsub();
});
