import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.stop());

test('requests land in the logs; list, one, stats and filters over data.*', async () => {
  const pb = await s.admin();
  await s.fetchJson('/api/health');
  await s.fetchJson('/api/collections/nope/records');
  const list = await pb.logs.getList(1, 50, { filter: 'data.status >= 400' });
  assert.ok(list.items.length >= 1);
  assert.ok(list.items.every((l) => (l.data.status as number) >= 400));
  const miss = list.items.find((l) => l.data.url === '/api/collections/nope/records');
  assert.ok(miss, 'the 404 was logged');
  assert.equal(miss.level, 8);
  assert.equal(miss.message, 'GET /api/collections/nope/records');
  assert.equal(miss.data.method, 'GET');
  assert.equal(typeof miss.data.execTime, 'number');
  assert.equal(miss.data.remoteIP, '127.0.0.1');
  const one = await pb.logs.getOne(miss.id);
  assert.deepEqual(one, miss);
  const health = await pb.logs.getList(1, 10, { filter: 'data.url = "/api/health" && data.status = 200', sort: '-created' });
  assert.equal(health.items.length, 1);
  const stats = await pb.logs.getStats({ filter: 'data.status >= 400' });
  assert.equal(stats.length, 1);
  assert.ok(stats[0].total >= 1);
  assert.match(stats[0].date, /^\d{4}-\d\d-\d\d \d\d:00:00\.000Z$/);
});

test('logs need a superuser, and bad input is a 400', async () => {
  assert.equal((await s.fetchJson('/api/logs')).status, 401);
  const users = s.client();
  await users.collection('users').create({ email: 'l@example.com', password: 'password-123', passwordConfirm: 'password-123' });
  await users.collection('users').authWithPassword('l@example.com', 'password-123');
  assert.equal((await s.fetchJson('/api/logs/stats', { token: users.authStore.token })).status, 403);
  const token = (await s.admin()).authStore.token;
  for (const q of ['filter=data.status%20%3E%3D', 'filter=nope%3D1', 'sort=nope', "filter=data.x'%3D1"]) {
    const r = await s.fetchJson(`/api/logs?${q}`, { token });
    assert.equal(r.status, 400, q);
  }
  assert.equal((await s.fetchJson('/api/logs/missing', { token })).status, 404);
});
