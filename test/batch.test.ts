import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
let admin: PocketBase;

before(async () => {
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({ name: 'items', type: 'base', fields: [{ name: 'name', type: 'text', required: true }], listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' });
  await admin.collections.create({ name: 'logs', type: 'base', fields: [{ name: 'line', type: 'text' }], createRule: '' });
});

after(async () => s.stop());

test('batch is off by default (403) and answers PocketBase shapes when on', async () => {
  const off = await s.fetchJson('/api/batch', { method: 'POST', json: { requests: [] } });
  assert.equal(off.status, 403);
  assert.equal(off.body.message, 'Batch requests are not allowed.');
  await admin.settings.update({ batch: { enabled: true } });
  const empty = await s.fetchJson('/api/batch', { method: 'POST', json: { requests: [] } });
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.body, { status: 400, message: 'Invalid batch request data.', data: { requests: { code: 'validation_required', message: 'Cannot be blank.' } } });
});

test('creates, updates, upserts and deletes across collections in one transaction', async () => {
  await admin.settings.update({ batch: { enabled: true } });
  const existing = await admin.collection('items').create({ name: 'old' });
  const gone = await admin.collection('items').create({ name: 'gone' });
  const pb = s.client();
  const batch = pb.createBatch();
  batch.collection('items').create({ name: 'a' });
  batch.collection('logs').create({ line: 'created a' });
  batch.collection('items').update(existing.id, { name: 'renamed' });
  batch.collection('items').upsert({ id: existing.id, name: 'upserted' });
  batch.collection('items').upsert({ id: 'newid123456789x', name: 'fresh' });
  batch.collection('items').delete(gone.id);
  const res = await batch.send();
  assert.deepEqual(res.map((r) => r.status), [200, 200, 200, 200, 200, 204]);
  assert.equal(res[0].body.name, 'a');
  assert.equal(res[3].body.name, 'upserted');
  assert.equal(res[4].body.id, 'newid123456789x');
  const names = (await admin.collection('items').getFullList({ sort: 'name' })).map((r) => r.name);
  assert.deepEqual(names, ['a', 'fresh', 'upserted']);
});

test('one failing request rolls back the whole batch and names its index', async () => {
  await admin.settings.update({ batch: { enabled: true } });
  const before = await admin.collection('items').getList(1, 1);
  const pb = s.client();
  const batch = pb.createBatch();
  batch.collection('items').create({ name: 'will vanish' });
  batch.collection('items').create({ name: '' });
  await assert.rejects(batch.send(), (err: any) => {
    assert.equal(err.status, 400);
    assert.equal(err.response.message, 'Batch transaction failed.');
    assert.equal(err.response.data.requests['1'].code, 'batch_request_failed');
    assert.equal(err.response.data.requests['1'].response.data.name.code, 'validation_required');
    return true;
  });
  const after = await admin.collection('items').getList(1, 1);
  assert.equal(after.totalItems, before.totalItems);
});

test('rules apply per sub-request as the batch caller', async () => {
  await admin.settings.update({ batch: { enabled: true } });
  const pb = s.client();
  const batch = pb.createBatch();
  batch.collection('logs').create({ line: 'ok' });
  batch.collection('logs').delete('whatever1234567');
  await assert.rejects(batch.send(), (err: any) => {
    assert.equal(err.response.data.requests['1'].response.status, 403);
    return true;
  });
});
