import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestInfo } from './record-filter.js';
import { matchIds, openDb, rows, users } from './test-fixtures.js';

/** `@request.*` identifiers evaluated against real rows; "all" means every post matched. */
const db = openDb();
const all = 'p1,p2,p3,p4,p5';
const ann = { collection: users, record: { ...rows.users[0], friends: ['u2'], emailVisibility: true, verified: true } };
const bob = { collection: users, record: { ...rows.users[1], friends: [], emailVisibility: false, verified: false } };

function table(req: Partial<RequestInfo>, cases: [string, string][]) {
  for (const [filter, expected] of cases) assert.equal(matchIds(db, filter, req), expected, `${filter} with ${JSON.stringify(req.body ?? req.query ?? '')}`);
}

test('@request.auth: NULL for guests, static plain fields, joins for the rest', () => {
  table({}, [
    ['@request.auth.id = ""', all], ['@request.auth.id != ""', ''], ['@request.auth.role = null', all],
    ['@request.auth.id = author.owner', 'p3,p4,p5'],
  ]);
  table({ auth: ann }, [
    ['@request.auth.id != ""', all], ['@request.auth.id = "u1" && @request.auth.collectionName = "users"', all],
    ['@request.auth.collectionId = "_pb_users_"', all], ['@request.auth.verified = true && @request.auth.emailVisibility = true', all],
    ['@request.auth.email = "ann@x.io"', all], ['@request.auth.role = "admin"', all], ['@request.auth.role = "user"', ''],
    ['@request.auth.tokenKey = "k1"', all], ['@request.auth.nope = null', all], ['@request.auth.email:lower = "ann@x.io"', all],
    ['@request.auth.friends.name ?= "Bob"', all], ['@request.auth.friends.name = "Ann"', ''], ['@request.auth.friends:length = 1', all],
    ['@request.auth.profiles_via_user.bio = "hello"', all], ['@request.auth.nope_via_x.bio = null', all],
    ['author.owner = @request.auth.id', 'p1'], ['author.owner.role = @request.auth.role', 'p1'],
    ['authors.owner ?= @request.auth.id', 'p1,p4'],
  ]);
  table({ auth: bob }, [['author.owner = @request.auth.id', 'p2'], ['@request.auth.profiles_via_user.bio = null', all]]);
});

test('@request.query, headers, method and context are parameters', () => {
  table({ query: { page: '2', views: '5', empty: '' }, headers: { x_token: 'T' }, method: 'PATCH', context: 'expand' }, [
    ['@request.query.page = "2"', all], ['@request.query.page = 2', ''], ['views = @request.query.views', 'p1'],
    ['@request.query.empty:isset = true', all], ['@request.query.missing:isset = true', ''], ['@request.query.missing = null', all],
    ['@request.query.empty = null', all], ['@request.query.page:lower = "2"', all],
    ['@request.headers.x_token = "T"', all], ['@request.headers.x_token:lower = "t"', all],
    ['@request.method = "PATCH"', all], ['@request.context = "expand"', all], ['@request.context = "default"', ''],
  ]);
  table({}, [['@request.context = "default"', all], ['@request.method = ""', all]]);
});

test('@request.body: values, :isset, :changed, :length, :each, :lower', () => {
  table({ body: { title: 'x', views: '5', tags: ['a', 'b'], cat: 'y', draft: true, meta: { a: [7, 8] }, nope: 1 } }, [
    ['@request.body.title = "x"', all], ['@request.body.title:isset = true', all], ['@request.body.author:isset = false', all],
    ['@request.body.title:changed = true', 'p1,p2,p3,p5'], ['@request.body.title:changed = false', 'p4'],
    ['@request.body.views = 5 && views = @request.body.views', 'p1'], ['@request.body.draft = true', all],
    ['@request.body.tags:length = 2', all], ['@request.body.tags:each ?= "b"', all], ['@request.body.tags:each = "b"', ''],
    ['@request.body.tags:each != "c"', all], ['@request.body.tags:each ?= tags:each', 'p1,p2'],
    ['@request.body.cat:length = 1', all], ['@request.body.cat:each = "y"', all], ['@request.body.title:lower = "x"', all],
    ['@request.body.meta.a.1 = 8', all], ['@request.body.meta = \'{"a":[7,8]}\'', all], ['@request.body.nope:isset = true', all],
    ['@request.body.nope = 1', all], ['@request.body.missing = null', all], ['title ~ @request.body.title', 'p2,p4'],
  ]);
  table({ body: { tags: ['b'], title: '5' } }, [['@request.body.tags:each = "b"', all], ['@request.body.title:changed = false', 'p1']]);
  table({ body: {} }, [['@request.body.tags:length = 0', all], ['@request.body.title:changed = false', all]]);
});

test('@request.body relation paths resolve the submitted ids', () => {
  table({ body: { author: 'a1', authors: ['a1', 'a2'] } }, [
    ['@request.body.author.name = "ann"', all], ['@request.body.author.name = "bob"', ''],
    ['@request.body.authors.name ?= "bob"', all], ['@request.body.authors.name = "bob"', ''],
    ['@request.body.authors.owner.name ?= "Bob"', all], ['@request.body.author.nope = null', all],
  ]);
  table({ body: { authors: '["a2"]' } }, [['@request.body.authors.name = "bob"', all]]);
  table({ body: {} }, [['@request.body.author.name = null', all]]);
});

test('modifiers that do not apply to a value are errors', () => {
  for (const f of ['@request.query.a:each = 1', '@request.query.a:length = 1', '@request.body.title:each = 1', '@request.body.title:length = 1']) {
    assert.throws(() => matchIds(db, f, { query: { a: '1' }, body: { title: 'x' } }), /Something went wrong/, f);
  }
});
