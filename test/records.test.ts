import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { apiTable, dateRe, errors, type ApiCase } from './api-table.js';

// Expectations were taken from PocketBase 0.40.4 answering the same requests.

let s: TestServer;
let admin: PocketBase;
const tokens: Record<string, string> = {};
const server = () => s;
const ids: Record<string, string> = {};

const idRe = /^[a-z0-9]{15}$/;
const failedCreate = (data: unknown) => ({ status: 400, message: 'Failed to create record.', data });
const q = (params: Record<string, string>) => '?' + new URLSearchParams(params).toString();

before(async () => {
  s = await startServer();
  admin = await s.admin();
  tokens.admin = admin.authStore.token;
  const users = await admin.collections.create({ name: 'rec_users', type: 'auth', listRule: '', viewRule: '', createRule: '', fields: [{ name: 'name', type: 'text' }] });
  ids.users = users.id;
  const posts = await admin.collections.create({
    name: 'rec_posts',
    listRule: '',
    viewRule: '',
    createRule: '',
    updateRule: '',
    deleteRule: '',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'tags', type: 'select', values: ['a', 'b', 'c', 'z'], maxSelect: 4 },
      { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
      { name: 'editors', type: 'relation', collectionId: users.id, maxSelect: 5 },
      { name: 'views', type: 'number' },
      { name: 'meta', type: 'json' },
      { name: 'spot', type: 'geoPoint' },
      { name: 'body', type: 'editor' },
      { name: 'published', type: 'date' },
      { name: 'created', type: 'autodate', onCreate: true },
      { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
    ],
  });
  ids.posts = posts.id;
  await admin.collections.create({
    name: 'rec_comments',
    listRule: '',
    viewRule: '',
    fields: [
      { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, cascadeDelete: true },
      { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1 },
      { name: 'text', type: 'text' },
    ],
  });
  await admin.collections.create({ name: 'rec_likes', fields: [{ name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, required: true }] });
  const owner = 'owner = @request.auth.id';
  await admin.collections.create({ name: 'rec_owned', listRule: owner, viewRule: owner, createRule: owner, updateRule: owner, deleteRule: owner, fields: [{ name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 }, { name: 'v', type: 'text' }] });
  await admin.collections.create({ name: 'rec_locked', fields: [{ name: 'v', type: 'text' }] });

  for (const [id, email, name] of [['recuser00000001', 'ann@example.com', 'Ann'], ['recuser00000002', 'bob@example.com', 'Bob']]) {
    await admin.collection('rec_users').create({ id, email, name, password: 'user-pass-123', passwordConfirm: 'user-pass-123' });
  }
  for (const [key, email] of [['ann', 'ann@example.com'], ['bob', 'bob@example.com']]) {
    const pb = s.client();
    await pb.collection('rec_users').authWithPassword(email, 'user-pass-123');
    tokens[key] = pb.authStore.token;
  }
  await admin.collection('rec_owned').create({ id: 'owned0000000001', owner: 'recuser00000001', v: 'ann' });
  await admin.collection('rec_owned').create({ id: 'owned0000000002', owner: 'recuser00000002', v: 'bob' });
  await admin.collection('rec_locked').create({ id: 'locked000000001', v: 'x' });
});

after(async () => s?.stop());

describe('list paging', () => {
  before(async () => {
    await admin.collections.create({ name: 'rec_many', listRule: '', fields: [{ name: 'n', type: 'number' }, { name: 'label', type: 'text' }, { name: 'grp', type: 'text' }] });
    const rows = Array.from({ length: 31 }, (_, i) => ({ n: i + 1, label: `item ${String(i + 1).padStart(2, '0')}`, grp: i % 2 ? 'odd' : 'even' }));
    for (const r of rows) await admin.collection('rec_many').create(r);
  });

  const list = (params: Record<string, string>) => '/api/collections/rec_many/records' + q({ fields: 'n', ...params });
  const envelope = (page: number, perPage: number, totalItems: number, totalPages: number) => ({ page, perPage, totalItems, totalPages });
  apiTable(server, tokens, [
    { name: 'defaults: page 1, perPage 30, totals', url: list({}), status: 200, match: envelope(1, 30, 31, 2) },
    { name: 'second page has the 31st item', url: list({ page: '2', sort: 'n' }), status: 200, json: { ...envelope(2, 30, 31, 2), items: [{ n: 31 }] } },
    { name: 'perPage=0 → 30', url: list({ perPage: '0' }), status: 200, match: envelope(1, 30, 31, 2) },
    { name: 'perPage=5000 → 1000 and page=0 → 1', url: list({ perPage: '5000', page: '0' }), status: 200, match: envelope(1, 1000, 31, 1) },
    { name: 'negative page and perPage fall back to defaults', url: list({ perPage: '-5', page: '-1' }), status: 200, match: envelope(1, 30, 31, 2) },
    { name: 'perPage=abc → 400', url: list({ perPage: 'abc' }), status: 400, json: errors.badRequest },
    { name: 'page=abc → 400', url: list({ page: 'abc' }), status: 400, json: errors.badRequest },
    { name: 'perPage=1.5 → 400', url: list({ perPage: '1.5' }), status: 400, json: errors.badRequest },
    { name: 'skipTotal=1 → totals -1', url: list({ skipTotal: '1', perPage: '2', sort: 'n' }), status: 200, json: { ...envelope(1, 2, -1, -1), items: [{ n: 1 }, { n: 2 }] } },
    { name: 'skipTotal=abc → 400', url: list({ skipTotal: 'abc' }), status: 400, json: errors.badRequest },
    { name: 'page past the end is empty', url: list({ page: '9' }), status: 200, json: { ...envelope(9, 30, 31, 2), items: [] } },
  ]);

  test('getFullList walks every page; getFirstListItem finds one or 404s', async () => {
    const pb = s.client();
    const all = await pb.collection('rec_many').getFullList({ sort: 'n', batch: 10 });
    assert.deepEqual(all.map((r) => r.n), Array.from({ length: 31 }, (_, i) => i + 1));
    const big = await pb.collection('rec_many').getFullList();
    assert.equal(big.length, 31);
    const first = await pb.collection('rec_many').getFirstListItem('label = "item 07"');
    assert.equal(first.n, 7);
    await assert.rejects(pb.collection('rec_many').getFirstListItem('label = "nope"'), (e: any) => e.status === 404);
  });

  test('sort: multi-field, -desc, +asc, @random', async () => {
    const pb = s.client();
    const multi = await pb.collection('rec_many').getList(1, 4, { sort: '-grp,-n', fields: 'n,grp' });
    assert.deepEqual(multi.items.map((r) => r.n), [30, 28, 26, 24]);
    const asc = await pb.collection('rec_many').getList(1, 3, { sort: '+grp,n' });
    assert.deepEqual(asc.items.map((r) => r.n), [1, 3, 5]);
    const random = await pb.collection('rec_many').getList(1, 31, { sort: '@random' });
    assert.deepEqual(random.items.map((r) => r.n).sort((a, b) => a - b), Array.from({ length: 31 }, (_, i) => i + 1));
  });

  apiTable(server, tokens, [
    { name: 'sort by an unknown field → 400', url: list({ sort: 'nope' }), status: 400, json: errors.badRequest },
    { name: 'sort by an empty name → 400', url: list({ sort: '-' }), status: 400, json: errors.badRequest },
    { name: 'filter =', url: list({ filter: 'n = 5' }), status: 200, json: { ...envelope(1, 30, 1, 1), items: [{ n: 5 }] } },
    { name: 'filter != and &&', url: list({ filter: 'n != 1 && n <= 3', sort: 'n' }), status: 200, json: { ...envelope(1, 30, 2, 1), items: [{ n: 2 }, { n: 3 }] } },
    { name: 'filter ~ is a case-insensitive contains', url: list({ filter: 'label ~ "ITEM 3"', sort: 'n' }), status: 200, json: { ...envelope(1, 30, 2, 1), items: [{ n: 30 }, { n: 31 }] } },
    { name: 'filter > with || and parentheses', url: list({ filter: '(n > 29 && grp = "even") || (n < 2)', sort: '-n' }), status: 200, json: { ...envelope(1, 30, 2, 1), items: [{ n: 31 }, { n: 1 }] } },
    { name: 'filter on an unknown field → 400', url: list({ filter: 'nope = 1' }), status: 400, json: errors.badRequest },
    { name: 'unbalanced parentheses → 400', url: list({ filter: '(n > 1' }), status: 400, json: errors.badRequest },
    { name: 'guests cannot filter by @request', url: list({ filter: '@request.auth.id = ""' }), status: 403, json: { status: 403, message: 'Only superusers can filter by @request.', data: {} } },
    { name: 'guests cannot filter by @collection', url: list({ filter: '@collection.rec_posts.id != ""' }), status: 403, json: { status: 403, message: 'Only superusers can filter by @collection.', data: {} } },
    { name: 'superusers may filter by @request', url: list({ filter: '@request.auth.id != "" && n = 1' }), auth: 'admin', status: 200, match: envelope(1, 30, 1, 1) },
  ]);
});

describe('create', () => {
  test('a minimal record answers every field with its default value', async () => {
    const res = await s.fetchJson('/api/collections/rec_posts/records', { method: 'POST', json: { title: 'Defaults' } });
    assert.equal(res.status, 200);
    const { id, created, updated, ...rest } = res.body;
    assert.match(id, idRe);
    assert.match(created, dateRe);
    assert.equal(updated, created);
    assert.deepEqual(rest, {
      collectionId: ids.posts,
      collectionName: 'rec_posts',
      title: 'Defaults',
      tags: [],
      author: '',
      editors: [],
      views: 0,
      meta: null,
      spot: { lon: 0, lat: 0 },
      body: '',
      published: '',
    });
  });

  test('a custom id is kept; the same id again → validation_not_unique', async () => {
    const rec = await admin.collection('rec_posts').create({ id: 'custom000000001', title: 'mine' });
    assert.equal(rec.id, 'custom000000001');
    const dup = await s.fetchJson('/api/collections/rec_posts/records', { method: 'POST', json: { id: 'custom000000001', title: 'again' } });
    assert.deepEqual([dup.status, dup.body], [400, failedCreate({ id: { code: 'validation_not_unique', message: 'Value must be unique.' } })]);
  });

  apiTable(server, tokens, [
    { name: 'short id → validation_min_text_constraint', method: 'POST', url: '/api/collections/rec_posts/records', body: { id: 'abc', title: 'x' }, status: 400, json: failedCreate({ id: { code: 'validation_min_text_constraint', message: 'Must be at least 15 character(s).', params: { min: 15 } } }) },
    { name: 'long id → validation_max_text_constraint', method: 'POST', url: '/api/collections/rec_posts/records', body: { id: 'abcdefghijklmnop', title: 'x' }, status: 400, json: failedCreate({ id: { code: 'validation_max_text_constraint', message: 'Must be no more than 15 character(s).', params: { max: 15 } } }) },
    { name: 'upper-case id → validation_invalid_format', method: 'POST', url: '/api/collections/rec_posts/records', body: { id: 'ABCDEFGHIJKLMNO', title: 'x' }, status: 400, json: failedCreate({ id: { code: 'validation_invalid_format', message: 'Invalid value format.' } }) },
    { name: 'missing required field → validation_required', method: 'POST', url: '/api/collections/rec_posts/records', body: { views: 2 }, status: 400, json: failedCreate({ title: { code: 'validation_required', message: 'Cannot be blank.' } }) },
    { name: 'relation to a missing id → validation_missing_rel_records', method: 'POST', url: '/api/collections/rec_posts/records', body: { title: 'x', author: 'nope00000000000' }, status: 400, json: failedCreate({ author: { code: 'validation_missing_rel_records', message: 'Failed to find all relation records with the provided ids.' } }) },
    { name: 'unknown select value → validation_invalid_value', method: 'POST', url: '/api/collections/rec_posts/records', body: { title: 'x', tags: ['a', 'q'] }, status: 400, json: failedCreate({ tags: { code: 'validation_invalid_value', message: 'Invalid value q.', params: { value: 'q' } } }) },
    { name: 'longitude out of range → validation_invalid_longitude', method: 'POST', url: '/api/collections/rec_posts/records', body: { title: 'x', spot: { lon: 200, lat: 0 } }, status: 400, json: failedCreate({ spot: { code: 'validation_invalid_longitude', message: 'Longitude must be between -180 and 180 degrees.' } }) },
    { name: 'required relation missing → validation_required', method: 'POST', url: '/api/collections/rec_likes/records', auth: 'admin', body: {}, status: 400, json: failedCreate({ post: { code: 'validation_required', message: 'Cannot be blank.' } }) },
  ]);

  test('unknown keys are ignored, autodate ignores input, system keys are not writable, single relation keeps the last id', async () => {
    const rec = await admin.collection('rec_posts').create({
      title: 'x',
      unknown: 1,
      created: '2000-01-01 00:00:00.000Z',
      updated: '2000-01-01 00:00:00.000Z',
      collectionName: 'hack',
      collectionId: 'hack',
      expand: { a: 1 },
      author: ['recuser00000001', 'recuser00000002'],
      editors: ['recuser00000002', 'recuser00000001', 'recuser00000002', ''],
      tags: ['z', 'a', 'a', ''],
    });
    assert.ok(!('unknown' in rec) && !('expand' in rec));
    assert.equal(rec.collectionName, 'rec_posts');
    assert.equal(rec.collectionId, ids.posts);
    assert.notEqual(rec.created, '2000-01-01 00:00:00.000Z');
    assert.ok(Date.parse(rec.created.replace(' ', 'T')) > Date.now() - 60_000);
    assert.equal(rec.updated, rec.created);
    assert.equal(rec.author, 'recuser00000002');
    assert.deepEqual(rec.editors, ['recuser00000002', 'recuser00000001']);
    assert.deepEqual(rec.tags, ['z', 'a']);
  });

  test('values are coerced like PocketBase: dates normalised, numbers/bools/json from strings', async () => {
    const cases: Array<[unknown, string]> = [
      ['2024-05-01T13:45:07Z', '2024-05-01 13:45:07.000Z'],
      ['2024-05-01', '2024-05-01 00:00:00.000Z'],
      ['2024-05-01 13:45:07.123456Z', '2024-05-01 13:45:07.123Z'],
      ['2024-05-01T13:45:07+02:00', '2024-05-01 11:45:07.000Z'],
      ['garbage', ''],
    ];
    for (const [input, want] of cases) {
      const rec = await admin.collection('rec_posts').create({ title: 'd', published: input });
      assert.equal(rec.published, want, String(input));
    }
    const rec = await admin.collection('rec_posts').create({ title: 'c', views: '12', meta: '{"a":1}', spot: { lon: 10, lat: 20 } });
    assert.deepEqual([rec.views, rec.meta, rec.spot], [12, { a: 1 }, { lon: 10, lat: 20 }]);
    const plain = await admin.collection('rec_posts').create({ title: 'c', views: 'abc', meta: 'plain text' });
    assert.deepEqual([plain.views, plain.meta], [0, 'plain text']);
  });

  test('multipart create: plain fields are type-inferred and @jsonPayload is merged over them', async () => {
    const form = new FormData();
    form.append('title', 'plain');
    form.append('views', '12');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('body', '007');
    form.append('@jsonPayload', JSON.stringify({ meta: { k: [1, 2] }, title: 'from payload' }));
    const rec = await s.client().collection('rec_posts').create(form);
    assert.deepEqual([rec.title, rec.views, rec.tags, rec.body, rec.meta], ['from payload', 12, ['a', 'b'], '007', { k: [1, 2] }]);

    const two = new FormData();
    two.append('title', 'two payloads');
    two.append('@jsonPayload', JSON.stringify({ views: 3 }));
    two.append('@jsonPayload', JSON.stringify({ tags: ['z'] }));
    const rec2 = await s.client().collection('rec_posts').create(two);
    assert.deepEqual([rec2.title, rec2.views, rec2.tags], ['two payloads', 3, ['z']]);
  });
});

describe('update, modifiers, delete', () => {
  test('number and multi-value modifiers', async () => {
    const pb = s.client();
    const rec = await pb.collection('rec_posts').create({ title: 'mods', views: 3, tags: ['a', 'b'] });
    const steps: Array<[Record<string, unknown>, number, string[]]> = [
      [{ 'views+': 2, 'tags+': 'c' }, 5, ['a', 'b', 'c']],
      [{ 'views-': 1, '+tags': 'z' }, 4, ['z', 'a', 'b', 'c']],
      [{ 'tags-': ['a'], views: 10, 'views+': 1 }, 11, ['z', 'b', 'c']],
      [{ 'tags+': ['b', 'a'] }, 11, ['z', 'b', 'c', 'a']],
    ];
    for (const [body, views, tags] of steps) {
      const out = await pb.collection('rec_posts').update(rec.id, body);
      assert.deepEqual([out.views, out.tags], [views, tags], JSON.stringify(body));
    }
    const rel = await pb.collection('rec_posts').update(rec.id, { 'editors+': 'recuser00000001', author: 'recuser00000001' });
    assert.deepEqual(rel.editors, ['recuser00000001']);
    const rel2 = await pb.collection('rec_posts').update(rec.id, { '+editors': 'recuser00000002', 'author-': 'recuser00000001' });
    assert.deepEqual([rel2.editors, rel2.author], [['recuser00000002', 'recuser00000001'], '']);
  });

  test('update changes only the sent fields, bumps updated, keeps created', async () => {
    const pb = s.client();
    const rec = await pb.collection('rec_posts').create({ title: 'before', views: 1, meta: { a: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    const out = await pb.collection('rec_posts').update(rec.id, { title: 'after' });
    assert.deepEqual([out.title, out.views, out.meta, out.created], ['after', 1, { a: 1 }, rec.created]);
    assert.match(out.updated, dateRe);
    assert.ok(out.updated > rec.updated);
    const again = await pb.collection('rec_posts').getOne(rec.id);
    assert.deepEqual(again, out);
  });

  apiTable(server, tokens, [
    { name: 'update with a bad select value → 400 Failed to update record.', method: 'PATCH', url: '/api/collections/rec_posts/records/custom000000001', body: { 'tags+': ['q'] }, status: 400, json: { status: 400, message: 'Failed to update record.', data: { tags: { code: 'validation_invalid_value', message: 'Invalid value q.', params: { value: 'q' } } } } },
    { name: 'update of a missing record → 404', method: 'PATCH', url: '/api/collections/rec_posts/records/missing00000000', body: { title: 'x' }, status: 404, json: errors.notFound },
    { name: 'view of a missing record → 404', url: '/api/collections/rec_posts/records/missing00000000', status: 404, json: errors.notFound },
    { name: 'view of a malformed id → 404', url: '/api/collections/rec_posts/records/xx', status: 404, json: errors.notFound },
    { name: 'delete of a missing record → 404', method: 'DELETE', url: '/api/collections/rec_posts/records/missing00000000', status: 404, json: errors.notFound },
  ]);

  test('delete → 204 with an empty body, then 404', async () => {
    const rec = await admin.collection('rec_posts').create({ title: 'bye' });
    const res = await s.fetchJson(`/api/collections/rec_posts/records/${rec.id}`, { method: 'DELETE' });
    assert.deepEqual([res.status, res.body], [204, null]);
    const again = await s.fetchJson(`/api/collections/rec_posts/records/${rec.id}`);
    assert.deepEqual([again.status, again.body], [404, errors.notFound]);
  });

  test('cascadeDelete removes referencing records; a required relation refuses the delete', async () => {
    const post = await admin.collection('rec_posts').create({ title: 'parent' });
    await admin.collection('rec_comments').create({ id: 'comment00000001', post: post.id, text: 'c1' });
    await admin.collection('rec_comments').create({ id: 'comment00000002', post: post.id, text: 'c2' });
    const liked = await admin.collection('rec_posts').create({ title: 'liked' });
    await admin.collection('rec_likes').create({ id: 'like00000000001', post: liked.id });

    const refused = await s.fetchJson(`/api/collections/rec_posts/records/${liked.id}`, { method: 'DELETE' });
    assert.deepEqual([refused.status, refused.body], [400, { status: 400, message: 'Failed to delete record. Make sure that the record is not part of a required relation reference.', data: {} }]);
    assert.equal((await admin.collection('rec_posts').getOne(liked.id)).title, 'liked');

    await s.client().collection('rec_posts').delete(post.id);
    const left = await admin.collection('rec_comments').getFullList({ filter: `post = "${post.id}"` });
    assert.deepEqual(left, []);
    await assert.rejects(admin.collection('rec_comments').getOne('comment00000001'), (e: any) => e.status === 404);
  });

  test('deleting a user removes it from non-required relations', async () => {
    await admin.collection('rec_users').create({ id: 'recuser00000009', email: 'gone@example.com', password: 'user-pass-123', passwordConfirm: 'user-pass-123' });
    const post = await admin.collection('rec_posts').create({ title: 'refs', author: 'recuser00000009', editors: ['recuser00000001', 'recuser00000009'] });
    await admin.collection('rec_users').delete('recuser00000009');
    const after = await admin.collection('rec_posts').getOne(post.id);
    assert.deepEqual([after.author, after.editors], ['', ['recuser00000001']]);
  });
});

describe('fields and expand', () => {
  before(async () => {
    await admin.collection('rec_posts').create({ id: 'expand000000001', title: 'Hello world', author: 'recuser00000001', editors: ['recuser00000001', 'recuser00000002'], body: '<p>Hello <b>big</b> world, this is long</p>' });
    await admin.collection('rec_comments').create({ id: 'expcomment00001', post: 'expand000000001', user: 'recuser00000002', text: 'first' });
    await admin.collection('rec_comments').create({ id: 'expcomment00002', post: 'expand000000001', user: 'recuser00000001', text: 'second' });
  });

  const one = (params: Record<string, string>) => '/api/collections/rec_posts/records/expand000000001' + q(params);
  apiTable(server, tokens, [
    { name: 'fields picks keys', url: one({ fields: 'id,title' }), status: 200, json: { id: 'expand000000001', title: 'Hello world' } },
    { name: 'fields :excerpt strips html and adds an ellipsis', url: one({ fields: 'id,body:excerpt(10,true),title:excerpt(5)' }), status: 200, json: { id: 'expand000000001', body: 'Hello big...', title: 'Hello' } },
    { name: 'excerpt(0) → 400', url: one({ fields: 'body:excerpt(0)' }), status: 400, json: errors.badRequest },
    { name: 'unknown modifier → 400', url: one({ fields: 'body:nope(3)' }), status: 400, json: errors.badRequest },
    { name: 'fields on a list keeps the envelope', url: '/api/collections/rec_posts/records' + q({ filter: 'id = "expand000000001"', fields: 'title' }), status: 200, json: { page: 1, perPage: 30, totalItems: 1, totalPages: 1, items: [{ title: 'Hello world' }] } },
    { name: 'expand a single relation → object', url: one({ expand: 'author', fields: 'id,expand.author.id,expand.author.name' }), status: 200, json: { id: 'expand000000001', expand: { author: { id: 'recuser00000001', name: 'Ann' } } } },
    { name: 'expand a multi relation → array', url: one({ expand: 'editors', fields: 'expand.editors.name' }), status: 200, json: { expand: { editors: [{ name: 'Ann' }, { name: 'Bob' }] } } },
    {
      name: 'expand a back-relation with a nested relation',
      url: one({ expand: 'rec_comments_via_post.user', fields: 'expand.rec_comments_via_post.id,expand.rec_comments_via_post.expand.user.name' }),
      status: 200,
      json: { expand: { rec_comments_via_post: [{ id: 'expcomment00001', expand: { user: { name: 'Bob' } } }, { id: 'expcomment00002', expand: { user: { name: 'Ann' } } }] } },
    },
    { name: 'expand of an unknown field → 200 without expand', url: one({ expand: 'missingfield', fields: 'id,expand' }), status: 200, json: { id: 'expand000000001' } },
    { name: '*,expand.author.name trims the expanded record', url: one({ expand: 'author', fields: '*,expand.author.name' }), status: 200, check: (b) => assert.deepEqual(b.expand, { author: { name: 'Ann' } }) },
  ]);

  test('expanded auth records hide email from guests; the full record carries collection keys', async () => {
    const rec = await s.client().collection('rec_posts').getOne('expand000000001', { expand: 'author' });
    const author = rec.expand!.author;
    assert.deepEqual(Object.keys(author).sort(), ['collectionId', 'collectionName', 'emailVisibility', 'id', 'name', 'verified']);
    assert.equal(author.collectionName, 'rec_users');
    const asAdmin = await admin.collection('rec_posts').getOne('expand000000001', { expand: 'author' });
    assert.equal(asAdmin.expand!.author.email, 'ann@example.com');
  });
});

describe('rules (reference §4.6)', () => {
  const locked = '/api/collections/rec_locked/records';
  const owned = '/api/collections/rec_owned/records';
  const lockedCases: ApiCase[] = (['guest', 'ann'] as const).flatMap((who) => {
    const auth = who === 'guest' ? undefined : who;
    return [
      { name: `null listRule: ${who} list → 403`, url: locked, auth, status: 403, json: errors.superusersOnly },
      { name: `null viewRule: ${who} view → 403`, url: `${locked}/locked000000001`, auth, status: 403, json: errors.superusersOnly },
      { name: `null createRule: ${who} create → 403`, method: 'POST', url: locked, auth, body: { v: 'y' }, status: 403, json: errors.superusersOnly },
      { name: `null updateRule: ${who} update → 403`, method: 'PATCH', url: `${locked}/locked000000001`, auth, body: { v: 'y' }, status: 403, json: errors.superusersOnly },
      { name: `null deleteRule: ${who} delete → 403`, method: 'DELETE', url: `${locked}/locked000000001`, auth, status: 403, json: errors.superusersOnly },
    ];
  });
  apiTable(server, tokens, [
    ...lockedCases,
    { name: 'null rules: superuser list → 200', url: locked, auth: 'admin', status: 200, match: { totalItems: 1 } },
    { name: 'null rules: superuser view → 200', url: `${locked}/locked000000001`, auth: 'admin', status: 200, match: { v: 'x' } },
    { name: 'open rules: guest list → 200', url: '/api/collections/rec_posts/records?perPage=1', status: 200, match: { page: 1, perPage: 1 } },
    { name: 'expression listRule: guest sees nothing (200, no 403)', url: owned, status: 200, json: { page: 1, perPage: 30, totalItems: 0, totalPages: 0, items: [] } },
    { name: 'expression listRule: the owner sees only own records', url: owned + '?fields=id', auth: 'ann', status: 200, json: { page: 1, perPage: 30, totalItems: 1, totalPages: 1, items: [{ id: 'owned0000000001' }] } },
    { name: 'expression listRule is ANDed with the client filter', url: owned + q({ fields: 'id', filter: 'v = "bob"' }), auth: 'ann', status: 200, json: { page: 1, perPage: 30, totalItems: 0, totalPages: 0, items: [] } },
    { name: 'expression viewRule: guest view → 404', url: `${owned}/owned0000000001`, status: 404, json: errors.notFound },
    { name: 'expression viewRule: another user → 404', url: `${owned}/owned0000000001`, auth: 'bob', status: 404, json: errors.notFound },
    { name: 'expression viewRule: the owner → 200', url: `${owned}/owned0000000001?fields=id,v`, auth: 'ann', status: 200, json: { id: 'owned0000000001', v: 'ann' } },
    { name: 'expression createRule failing (guest) → 400 with empty data', method: 'POST', url: owned, body: { owner: 'recuser00000001' }, status: 400, json: failedCreate({}) },
    { name: 'expression createRule failing (other owner) → 400 with empty data', method: 'POST', url: owned, auth: 'ann', body: { owner: 'recuser00000002' }, status: 400, json: failedCreate({}) },
    { name: 'expression createRule passing → 200', method: 'POST', url: owned + '?fields=owner,v', auth: 'ann', body: { owner: 'recuser00000001', v: 'new' }, status: 200, json: { owner: 'recuser00000001', v: 'new' } },
    { name: 'expression updateRule: guest → 404', method: 'PATCH', url: `${owned}/owned0000000001`, body: { v: 'hacked' }, status: 404, json: errors.notFound },
    { name: 'expression updateRule: another user → 404', method: 'PATCH', url: `${owned}/owned0000000001`, auth: 'bob', body: { v: 'hacked' }, status: 404, json: errors.notFound },
    { name: 'expression updateRule: the owner → 200', method: 'PATCH', url: `${owned}/owned0000000001?fields=v`, auth: 'ann', body: { v: 'edited' }, status: 200, json: { v: 'edited' } },
    { name: 'expression deleteRule: guest → 404', method: 'DELETE', url: `${owned}/owned0000000002`, status: 404, json: errors.notFound },
    { name: 'expression deleteRule: another user → 404', method: 'DELETE', url: `${owned}/owned0000000002`, auth: 'ann', status: 404, json: errors.notFound },
    { name: 'expression deleteRule: the owner → 204', method: 'DELETE', url: `${owned}/owned0000000002`, auth: 'bob', status: 204 },
  ]);

  test('records refused by rules were not changed', async () => {
    assert.equal((await admin.collection('rec_locked').getOne('locked000000001')).v, 'x');
    assert.equal((await admin.collection('rec_owned').getOne('owned0000000001')).v, 'edited');
    const all = await admin.collection('rec_owned').getFullList({ sort: 'v' });
    assert.deepEqual(all.map((r) => r.v), ['edited', 'new']);
  });
});
