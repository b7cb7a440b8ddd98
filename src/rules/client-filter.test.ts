import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../filter/filter-error.js';
import { compileFilter } from './record-filter.js';
import { authors, matchIds, openDb, options, posts, rows, users } from './test-fixtures.js';

/**
 * Client filters (a non-superuser's `filter`/`sort`) see what the caller may list: no hidden
 * fields, only joined rows allowed by their collection's listRule, emails only where visible.
 */
const db = openDb();
const ann = { collection: users, record: { ...rows.users[0] } };
const bob = { collection: users, record: { ...rows.users[1] } };

function rejects(filter: string, detail: RegExp, c = posts) {
  assert.throws(() => compileFilter(filter, options(c, {}, 'client')), (err: unknown) => {
    assert.ok(err instanceof FilterError, filter);
    assert.equal(err.status, 400);
    assert.match(err.detail, detail);
    return true;
  });
}

test('hidden fields are refused anywhere in a client path, allowed in rules', () => {
  rejects('secret = "s1"', /non-filterable field "secret"/, authors);
  rejects('author.secret = "s1"', /non-filterable field "secret"/);
  rejects('author.owner.tokenKey != ""', /non-filterable field "tokenKey"/);
  rejects('author.owner.password != ""', /non-filterable field "password"/);
  assert.equal(matchIds(db, 'author.secret = "s1"', {}, 'rule'), 'p1');
  assert.equal(matchIds(db, 'tokenKey = "k2"', {}, 'rule', users), 'u2');
});

test('a joined collection with a null listRule fails the client filter', () => {
  rejects('locked_via_post.note = "n"', /"locked" fields can be accessed only/);
  assert.equal(matchIds(db, 'locked_via_post.note = "n"', {}, 'rule'), 'p1');
});

test('joined rows must satisfy their listRule (or be missing), as PocketBase filters them', () => {
  // a3 is hidden by the authors listRule, so p4 drops out whenever authors are joined.
  assert.equal(matchIds(db, 'author.name != "zz"', {}, 'client'), 'p1,p2,p3,p5');
  assert.equal(matchIds(db, 'author.name != "zz"', {}, 'rule'), 'p1,p2,p3,p4,p5');
  assert.equal(matchIds(db, 'author.name = "" || title = "x"', {}, 'client'), 'p3,p5');
  assert.equal(matchIds(db, 'authors.name ?= "cid"', {}, 'client'), '');
  assert.equal(matchIds(db, 'authors.name ?!= "zzz"', {}, 'client'), 'p1,p2,p3,p4,p5');
  assert.equal(matchIds(db, 'title = "x"', {}, 'client'), 'p4');
});

test('list rules of joined collections see the caller\'s @request', () => {
  // users may only list themselves: Ann sees her own name through p1's author.
  assert.equal(matchIds(db, 'author.owner.name = "Ann"', { auth: ann }, 'client'), 'p1');
  assert.equal(matchIds(db, 'author.owner.name = "Ann"', { auth: bob }, 'client'), '');
  assert.equal(matchIds(db, 'author.owner.name != ""', { auth: bob }, 'client'), 'p2');
  assert.equal(matchIds(db, 'author.owner.name != ""', { auth: bob }, 'rule'), 'p1,p2');
});

test('auth emails match only where visible, except in rules', () => {
  assert.equal(matchIds(db, 'email ~ "x.io"', {}, 'client', users), 'u1');
  assert.equal(matchIds(db, 'email ~ "x.io"', {}, 'rule', users), 'u1,u2');
  assert.equal(matchIds(db, 'author.owner.email ~ "x.io"', { auth: ann }, 'client'), 'p1');
});
