import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { PlinthApi, BadRequestError } from '../src/index.js';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
let admin: PocketBase;
let api: PlinthApi;
const seen: string[] = [];

before(async () => {
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({
    name: 'orders', type: 'base',
    fields: [{ name: 'qty', type: 'number' }, { name: 'price', type: 'number' }, { name: 'total', type: 'number' }, { name: 'note', type: 'text' }],
    listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '',
  });
  await admin.collections.create({ name: 'other', type: 'base', fields: [{ name: 'note', type: 'text' }], createRule: '' });
  api = new PlinthApi(s.app, 'test', 300);
  api.onRecordCreate(async (e) => {
    if (e.record.note === 'abort') throw new BadRequestError('Orders need a real note.', { note: { code: 'validation_custom', message: 'Nope.' } });
    if (e.record.note === 'crash') throw new Error('internal detail /etc/secret');
    if (e.record.note === 'hang') await new Promise((r) => setTimeout(r, 2000));
    // the server computes the total: a client cannot set it
    e.record.total = Number(e.record.qty) * Number(e.record.price);
    await e.next();
    seen.push('model:' + e.record.id);
  }, 'orders');
  api.onRecordAfterCreateSuccess(async (e) => {
    // after commit: a fresh read outside the transaction sees the row
    const stored = await api.records.findById('orders', e.record.id as string);
    seen.push('after:' + stored.total);
  }, 'orders');
  api.onRecordCreateRequest(async (e) => {
    seen.push('request:' + (e.auth ? 'auth' : 'guest'));
    await e.next();
  }, 'orders');
  api.routerAdd('GET', '/api/hello/:name', (e) => ({ hello: e.params.name, auth: e.auth?.collection.name ?? null }));
  api.routerAdd('POST', '/api/admin-only', async (e) => e.json(201, { ok: true, body: await e.body() }), api.requireSuperuser());
  api.routerAdd('GET', '/api/text', (e) => e.text(200, 'plain'), api.requireAuth());
  api.cronAdd('tick', '0 0 1 1 *', async () => void seen.push('cron:tick'));
});

after(async () => {
  api.unbindAll();
  await s.stop();
});

test('a model hook changes the record inside the transaction; the after-hook sees it committed', async () => {
  seen.length = 0;
  const r = await s.client().collection('orders').create({ qty: 3, price: 2.5, total: 999, note: 'ok' });
  assert.equal(r.total, 7.5);
  await new Promise((res) => setTimeout(res, 50));
  assert.deepEqual(seen, ['request:guest', 'model:' + r.id, 'after:7.5']);
});

test('hooks are tagged: other collections are untouched', async () => {
  const r = await admin.collection('other').create({ note: 'abort' });
  assert.equal(r.note, 'abort');
});

test('a hook aborting with an API error answers that error and commits nothing', async () => {
  const before = (await admin.collection('orders').getList(1, 1)).totalItems;
  const r = await s.fetchJson('/api/collections/orders/records', { method: 'POST', json: { qty: 1, price: 1, note: 'abort' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body, { status: 400, message: 'Orders need a real note.', data: { note: { code: 'validation_custom', message: 'Nope.' } } });
  const crash = await s.fetchJson('/api/collections/orders/records', { method: 'POST', json: { note: 'crash' } });
  assert.equal(crash.status, 400);
  assert.ok(!JSON.stringify(crash.body).includes('secret'));
  assert.equal((await admin.collection('orders').getList(1, 1)).totalItems, before);
});

test('a hanging hook is cut off by the timeout and its write rolls back', async () => {
  const before = (await admin.collection('orders').getList(1, 1)).totalItems;
  const r = await s.fetchJson('/api/collections/orders/records', { method: 'POST', json: { note: 'hang' } });
  assert.equal(r.status, 500);
  assert.equal(r.body.message, 'Hook timed out.');
  assert.equal((await admin.collection('orders').getList(1, 1)).totalItems, before);
});

test('custom routes: params, auth, middleware, JSON and text answers', async () => {
  assert.deepEqual((await s.fetchJson('/api/hello/world')).body, { hello: 'world', auth: null });
  assert.deepEqual(await admin.send('/api/hello/x', {}), { hello: 'x', auth: '_superusers' });
  const guest = await s.fetchJson('/api/admin-only', { method: 'POST', json: {} });
  assert.equal(guest.status, 401);
  assert.deepEqual(await admin.send('/api/admin-only', { method: 'POST', body: { a: 1 } }), { ok: true, body: { a: 1 } });
  assert.equal((await s.fetchJson('/api/text')).status, 401);
  const text = await fetch(s.url + '/api/text', { headers: { authorization: admin.authStore.token } });
  assert.equal(await text.text(), 'plain');
  assert.equal((await s.fetchJson('/api/nothing-here')).status, 404);
  // built-in routes still win
  assert.equal((await s.fetchJson('/api/health')).body.code, 200);
});

test('cron jobs are listed and can be run now', async () => {
  seen.length = 0;
  const jobs = await admin.crons.getFullList();
  assert.ok(jobs.some((j) => j.id === 'tick' && j.expression === '0 0 1 1 *'));
  await admin.crons.run('tick');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(seen, ['cron:tick']);
  const missing = await s.fetchJson('/api/crons/nope', { method: 'POST', token: admin.authStore.token });
  assert.equal(missing.status, 404);
  assert.equal((await s.fetchJson('/api/crons')).status, 401);
});

test('auth, realtime and mail events reach their hooks', async () => {
  const { startMailServer } = await import('./mail-server.js');
  const { EventSource } = await import('eventsource');
  (globalThis as any).EventSource ??= EventSource;
  const events: string[] = [];
  const local = new PlinthApi(s.app, 'events');
  local.onRecordAuthRequest(async (e) => {
    events.push(`auth:${e.collection.name}:${e.method}`);
    await e.next();
  });
  local.onRealtimeConnectRequest(async (e) => {
    events.push('connect');
    await e.next();
  });
  local.onRealtimeSubscribeRequest(async (e) => {
    // hooks may narrow what a client subscribes to
    e.subscriptions = e.subscriptions.filter((t) => !t.startsWith('other'));
    events.push('subscribe:' + e.subscriptions.join(','));
    await e.next();
  });
  local.onMailerSend(async (e) => {
    e.message.subject = '[hooked] ' + e.message.subject;
    await e.next();
  });
  const mail = await startMailServer();
  try {
    await admin.collection('users').create({ email: 'hooked@example.com', password: 'password123', passwordConfirm: 'password123' });
    const user = s.client();
    await user.collection('users').authWithPassword('hooked@example.com', 'password123');
    await user.collection('orders').subscribe('*', () => undefined);
    await user.collection('other').subscribe('*', () => undefined);
    await mail.configure(admin);
    await local.sendMail({ to: 'someone@example.com', subject: 'hello', html: '<p>hi</p>' });
    const got = await mail.take('someone@example.com');
    assert.equal(got.subject, '[hooked] hello');
    assert.ok(events.includes('auth:users:password'), events.join(' '));
    assert.ok(events.includes('connect'));
    assert.ok(events.includes('subscribe:orders/*'), events.join(' '));
    user.realtime.unsubscribe();
  } finally {
    local.unbindAll();
    await mail.close();
  }
});

test('hook code publishes custom realtime messages, answers files, and logs', async () => {
  const { EventSource } = await import('eventsource');
  (globalThis as any).EventSource ??= EventSource;
  const local = new PlinthApi(s.app, 'extras');
  local.routerAdd('GET', '/api/report.csv', (e) => e.blob(200, 'text/csv', Buffer.from('a,b\n1,2\n')));
  local.routerAdd('POST', '/api/announce', async (e) => {
    local.logger.info({ by: e.auth?.record.id }, 'announcing');
    local.publish('announcements', { text: 'hello' });
    return { sent: true };
  }, local.requireSuperuser());
  try {
    const res = await fetch(s.url + '/api/report.csv');
    assert.equal(res.headers.get('content-type'), 'text/csv');
    assert.equal(await res.text(), 'a,b\n1,2\n');
    const listener = s.client();
    const got: unknown[] = [];
    await listener.realtime.subscribe('announcements', (m) => got.push(m));
    assert.deepEqual(await admin.send('/api/announce', { method: 'POST' }), { sent: true });
    const until = Date.now() + 3000;
    while (!got.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, [{ text: 'hello' }]);
    await listener.realtime.unsubscribe();
    assert.equal(typeof local.logger.info, 'function');
  } finally {
    local.unbindAll();
  }
});
