import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type PocketBase from 'pocketbase';
import { PlinthApi, BadRequestError } from '../src/index.js';
import { isPrivateAddress } from '../src/outbox/webhook-request.js';
import { startServer, type TestServer } from './harness.js';

process.env.PLINTH_OUTBOX_BACKOFF_MS = '50';
process.env.PLINTH_OUTBOX_POLL_MS = '100';
process.env.PLINTH_WEBHOOK_TIMEOUT_MS = '400';
process.env.PLINTH_WEBHOOKS_ALLOW_PRIVATE = '1';

interface Hit { path: string; headers: IncomingMessage['headers']; body: string }

let s: TestServer;
let admin: PocketBase;
let receiver: Server;
let base = '';
const hits: Hit[] = [];
let flakyFailures = 2;
const hanging: IncomingMessage[] = [];

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What a receiver does: recompute the signature over `${timestamp}.${body}` and compare in constant time. */
function verify(secret: string, h: Hit): boolean {
  const ts = String(h.headers['plinth-timestamp']);
  const expected = 'v1=' + createHmac('sha256', secret).update(`${ts}.${h.body}`).digest('hex');
  const got = String(h.headers['plinth-signature']);
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(ts)) < 300;
}

const hitsOn = (path: string) => hits.filter((h) => h.path === path);

before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const path = req.url ?? '';
      if (path === '/hang') return void hanging.push(req); // never answers
      hits.push({ path, headers: req.headers, body });
      if (path === '/flaky' && flakyFailures > 0) {
        flakyFailures--;
        res.writeHead(503).end('busy');
        return;
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({ name: 'orders', type: 'base', fields: [{ name: 'total', type: 'number' }, { name: 'note', type: 'text' }, { name: 'internal', type: 'text', hidden: true }], listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' });
});

after(async () => {
  for (const r of hanging) r.socket.destroy();
  await s.stop();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const hook = (json: unknown, token = admin.authStore.token, method = 'POST', path = '/api/webhooks') => s.fetchJson(path, { method, json, token });

test('webhook CRUD is superuser-only and validated (URL, collections, actions, filter, SSRF)', async () => {
  const user = await hook({ url: base + '/ok', collections: ['orders'] }, '');
  assert.equal(user.status, 401);
  const badFilter = await hook({ url: base + '/ok', collections: ['orders'], filter: 'nope ~~ 1' });
  assert.equal(badFilter.status, 400);
  assert.ok(badFilter.body.data.filter, JSON.stringify(badFilter.body));
  const unknown = await hook({ url: base + '/ok', collections: ['missing'] });
  assert.equal(unknown.status, 400);
  assert.ok(unknown.body.data.collections);
  const badUrl = await hook({ url: 'ftp://example.com', collections: ['orders'] });
  assert.ok(badUrl.body.data.url);
  const badActions = await hook({ url: base + '/ok', collections: ['orders'], actions: ['explode'] });
  assert.ok(badActions.body.data.actions);

  s.app.webhooks.options.allowPrivate = false;
  try {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/', 'http://[::1]/', 'http://169.254.169.254/latest']) {
      const r = await hook({ url, collections: ['orders'] });
      assert.equal(r.status, 400, url);
      assert.match(r.body.data.url.message, /private/);
    }
  } finally {
    s.app.webhooks.options.allowPrivate = true;
  }
  assert.equal(isPrivateAddress('::ffff:127.0.0.1'), true);
  assert.equal(isPrivateAddress('192.168.1.1'), true);
  assert.equal(isPrivateAddress('93.184.216.34'), false);

  const created = await hook({ url: base + '/tmp', collections: ['orders'], actions: ['delete'] });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.secret.length, 64);
  const patched = await hook({ enabled: false }, admin.authStore.token, 'PATCH', '/api/webhooks/' + created.body.id);
  assert.equal(patched.body.enabled, false);
  assert.equal((await hook(undefined, admin.authStore.token, 'GET', '/api/webhooks')).body.items.length, 1);
  assert.equal((await hook(undefined, admin.authStore.token, 'DELETE', '/api/webhooks/' + created.body.id)).status, 204);
  assert.equal((await hook(undefined, admin.authStore.token, 'GET', '/api/webhooks/' + created.body.id)).status, 404);
});

test('deliveries are signed, filtered, retried after failures, never blocked by a hanging receiver, and logged', async () => {
  const ok = (await hook({ url: base + '/ok', collections: ['orders'], actions: ['create', 'update', 'delete'] })).body;
  const flaky = (await hook({ url: base + '/flaky', collections: ['orders'], actions: ['create'], filter: 'total > 100' })).body;
  const hang = (await hook({ url: base + '/hang', collections: ['orders'], actions: ['create'] })).body;
  assert.ok(ok.id && flaky.id && hang.id);

  // the hanging receiver gets a long timeout first: everything below happens while it holds its requests
  s.app.webhooks.options.timeoutMs = 60_000;
  const pb = s.client();
  const small = await pb.collection('orders').create({ total: 5, note: 'small', internal: 'secret' });
  const big = await pb.collection('orders').create({ total: 500, note: 'big' });
  await until(() => hanging.length === 2);
  await pb.collection('orders').update(small.id, { note: 'changed' });
  await pb.collection('orders').delete(small.id);
  await until(() => hitsOn('/ok').length >= 4);
  const events = hitsOn('/ok').map((h) => JSON.parse(h.body));
  assert.deepEqual(events.map((e) => `${e.action}:${e.record.note}`).sort(), ['create:big', 'create:small', 'delete:changed', 'update:changed']);
  for (const h of hitsOn('/ok')) {
    assert.ok(verify(ok.secret, h), 'signature verifies');
    assert.equal(h.headers['idempotency-key'], JSON.parse(h.body).id);
  }
  assert.equal(verify('wrong-secret-wrong-secret', hitsOn('/ok')[0]!), false);
  assert.equal(events[0].record.internal, undefined, 'hidden fields are not sent');

  // flaky: only the big order matches its filter; 503, 503, then 200
  await until(() => hitsOn('/flaky').length === 3);
  assert.deepEqual(hitsOn('/flaky').map((h) => JSON.parse(h.body).record.id), [big.id, big.id, big.id]);
  const flakyLog = await until(async () => {
    const r = await s.fetchJson(`/api/webhooks/deliveries?webhook=${flaky.id}`, { token: admin.authStore.token });
    return r.body.items[0]?.status === 'delivered' ? r.body : undefined;
  });
  assert.equal(flakyLog.totalItems, 1);
  assert.equal(flakyLog.items[0].attempts, 3);
  assert.equal(flakyLog.items[0].responseCode, 200);
  assert.equal(new Set(hitsOn('/flaky').map((h) => h.headers['idempotency-key'])).size, 1, 'one key across retries');

  assert.ok(hanging.every((r) => !r.socket.destroyed), 'writes and other deliveries went on while the hanging requests were open');

  // with a short timeout, a hanging attempt is cut off and retried, recorded as a failed attempt
  s.app.webhooks.options.timeoutMs = 300;
  await pb.collection('orders').create({ total: 1, note: 'times out' });
  const hangLog = await until(async () => {
    const r = await s.fetchJson(`/api/webhooks/deliveries?webhook=${hang.id}&status=pending`, { token: admin.authStore.token });
    return r.body.items.find((i: any) => i.attempts >= 2);
  });
  assert.match(hangLog.lastError, /timed out/);
  assert.equal((await s.fetchJson('/api/webhooks/deliveries', { token: '' })).status, 401);
  await hook({ enabled: false }, admin.authStore.token, 'PATCH', '/api/webhooks/' + hang.id);

  // replay a delivered entry: sent again under the same idempotency key
  const first = hitsOn('/ok')[0]!;
  const entryId = JSON.parse(first.body).id;
  const before = hitsOn('/ok').length;
  assert.equal((await hook(undefined, admin.authStore.token, 'POST', `/api/webhooks/deliveries/${entryId}/replay`)).status, 204);
  await until(() => hitsOn('/ok').length === before + 1);
  assert.equal(hitsOn('/ok').at(-1)!.headers['idempotency-key'], first.headers['idempotency-key']);
  assert.equal((await hook(undefined, admin.authStore.token, 'POST', '/api/webhooks/deliveries/nope/replay')).status, 404);
});

test('a write rolled back after its webhook row was appended sends nothing', async () => {
  const api = new PlinthApi(s.app, 'rollback-test');
  api.onRecordCreate(async (e) => {
    await e.next();
    if (e.record.note === 'undo') throw new BadRequestError('undone');
  }, 'orders');
  try {
    const before = hitsOn('/ok').length;
    await assert.rejects(s.client().collection('orders').create({ total: 1, note: 'undo' }));
    await s.client().collection('orders').create({ total: 1, note: 'kept' });
    const notes = () => hitsOn('/ok').slice(before).map((h) => JSON.parse(h.body).record.note);
    await until(() => notes().includes('kept'));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!notes().includes('undo'), notes().join());
  } finally {
    api.unbindAll();
  }
});
