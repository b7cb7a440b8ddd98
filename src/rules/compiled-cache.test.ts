import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Collection } from '../records/model.js';
import { CompiledCache } from './compiled-cache.js';
import type { CompiledSql, RequestInfo } from './record-filter.js';

const posts = { id: 'p', name: 'posts', fields: [] } as unknown as Collection;
const users = { id: 'u', name: 'users', fields: [] } as unknown as Collection;
const as = (id: string, role = 'user'): RequestInfo => ({ auth: { collection: users, record: { id, role } }, query: { page: '1' } });

/** Counts compiles; each compile returns params naming the call, so a wrong hit shows. */
function counter() {
  let n = 0;
  return { get n() { return n; }, compile: (): CompiledSql => ({ sql: 'x = ?', params: [++n] }) };
}

test('a rule reading @request.auth is kept per caller and per caller values', () => {
  const cache = new CompiledCache();
  const c = counter();
  const rule = 'author = @request.auth.id';
  assert.deepEqual(cache.get(1, posts, 'rule', rule, as('a'), c.compile).params, [1]);
  assert.deepEqual(cache.get(1, posts, 'rule', rule, as('a'), c.compile).params, [1]);
  assert.deepEqual(cache.get(1, posts, 'rule', rule, as('b'), c.compile).params, [2]);
  // same id, another role: the record's values are part of the key
  assert.deepEqual(cache.get(1, posts, 'rule', rule, as('a', 'admin'), c.compile).params, [3]);
  assert.deepEqual(cache.get(1, posts, 'rule', rule, { auth: null }, c.compile).params, [4]);
  assert.equal(c.n, 4);
});

test('a new schema version, another collection object or a clock macro compiles afresh', () => {
  const cache = new CompiledCache();
  const c = counter();
  cache.get(1, posts, 'rule', 'public = true', as('a'), c.compile);
  cache.get(1, posts, 'rule', 'public = true', as('b'), c.compile); // reads no request value: shared
  assert.equal(c.n, 1);
  cache.get(2, posts, 'rule', 'public = true', as('a'), c.compile);
  assert.equal(c.n, 2);
  cache.get(2, { ...posts } as Collection, 'rule', 'public = true', as('a'), c.compile);
  assert.equal(c.n, 3);
  cache.get(2, posts, 'rule', 'created > @now', as('a'), c.compile);
  cache.get(2, posts, 'rule', 'created > @now', as('a'), c.compile);
  assert.equal(c.n, 5);
});

test('client filters are keyed by the whole request (joined list rules may read any of it)', () => {
  const cache = new CompiledCache();
  const c = counter();
  cache.get(1, posts, 'filter', 'author.name = "x"', as('a'), c.compile, true);
  cache.get(1, posts, 'filter', 'author.name = "x"', as('a'), c.compile, true);
  cache.get(1, posts, 'filter', 'author.name = "x"', as('b'), c.compile, true);
  cache.get(1, posts, 'filter', 'author.name = "x"', { ...as('a'), query: { page: '2' } }, c.compile, true);
  assert.equal(c.n, 3);
});

test('cached results are frozen, so no caller can change what the next one gets', () => {
  const cache = new CompiledCache();
  const got = cache.get(1, posts, 'rule', 'public = true', { auth: null }, counter().compile);
  assert.throws(() => (got.params as unknown[]).push(1), TypeError);
});
