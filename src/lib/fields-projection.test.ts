import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFields } from './fields-projection.js';

const rec = { id: 'a', title: 'T', body: '<p>Hello <b>big</b> world</p><script>x()</script>', expand: { author: { id: 'u', name: 'Ann', email: 'e' } } };

test('keeps listed keys and nested paths', () => {
  assert.deepEqual(applyFields(rec, 'id,expand.author.name'), { id: 'a', expand: { author: { name: 'Ann' } } });
});

test('* keeps a level, explicit nested paths narrow their key', () => {
  assert.deepEqual(applyFields(rec, '*,expand.author.id'), { id: 'a', title: 'T', body: rec.body, expand: { author: { id: 'u' } } });
});

test('list envelopes project each item and keep the envelope', () => {
  const list = { page: 1, perPage: 30, totalItems: 1, totalPages: 1, items: [rec] };
  assert.deepEqual(applyFields(list, 'id'), { ...list, items: [{ id: 'a' }] });
});

test('excerpt strips html and cuts with an optional ellipsis', () => {
  assert.deepEqual(applyFields(rec, 'body:excerpt(9,true)'), { body: 'Hello big...' });
  assert.deepEqual(applyFields(rec, 'body:excerpt(100)'), { body: 'Hello big world' });
  assert.throws(() => applyFields(rec, 'body:excerpt(0)'));
  assert.throws(() => applyFields(rec, 'body:upper()'));
});
