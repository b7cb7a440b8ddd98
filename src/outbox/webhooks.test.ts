import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Collection } from '../records/model.js';
import { eventPayload, webhookRecordBytesMax } from './webhooks.js';
import { signature } from './webhook-request.js';
import { createHmac } from 'node:crypto';

const c = {
  id: 'c1', name: 'docs', type: 'base', system: false, indexes: [], listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null, created: '', updated: '',
  fields: [{ name: 'id', type: 'text' }, { name: 'text', type: 'text' }, { name: 'secret', type: 'text', hidden: true }, { name: 'password', type: 'password', hidden: true }],
} as unknown as Collection;

test('event payloads leave out hidden and password fields', () => {
  const p = eventPayload('create', c, { id: 'r1', text: 'hi', secret: 's', password: 'hash' });
  assert.deepEqual(p.record, { id: 'r1', text: 'hi', collectionId: 'c1', collectionName: 'docs' });
  assert.equal(p.truncated, false);
});

test('a record over the size limit is sent as its id with truncated: true', () => {
  const p = eventPayload('update', c, { id: 'r1', text: 'x'.repeat(webhookRecordBytesMax + 1) });
  assert.deepEqual(p.record, { id: 'r1', collectionId: 'c1', collectionName: 'docs' });
  assert.equal(p.truncated, true);
});

test('signature is v1=HMAC-SHA256(secret, `${timestamp}.${body}`)', () => {
  const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex');
  assert.equal(signature('k', 1700000000, '{"a":1}'), 'v1=' + expected);
});
