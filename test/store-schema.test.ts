import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { startServer, testStore, type TestServer } from './harness.js';

// What depends on the store underneath: column types per field kind, schema changes that keep
// data (and the views over a table), unique indexes written PocketBase's way, views, the filter
// compiler's SQL, and sorts. Runs on SQLite and on Postgres (PLINTH_TEST_STORE=postgres).

let s: TestServer;
let admin: PocketBase;

before(async () => {
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({
    name: 'st_items', listRule: '', viewRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'someCount', type: 'number' },
      { name: 'flag', type: 'bool' },
      { name: 'mail', type: 'email' },
      { name: 'site', type: 'url' },
      { name: 'body', type: 'editor' },
      { name: 'when', type: 'date' },
      { name: 'kind', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
      { name: 'tags', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
      { name: 'meta', type: 'json' },
      { name: 'spot', type: 'geoPoint' },
      { name: 'slug', type: 'text' },
      { name: 'created', type: 'autodate', onCreate: true },
    ],
    indexes: ['CREATE UNIQUE INDEX `idx_st_items_slug` ON `st_items` (`slug`) WHERE `slug` != \'\''],
  });
  const rows = [
    { id: 'item00000000001', title: 'Alpha', someCount: 5, flag: true, tags: ['a', 'b'], kind: 'a', meta: { k: 5, s: 'x' }, spot: { lon: 23.32, lat: 42.69 }, slug: 'alpha', when: '2024-05-01 10:00:00.000Z' },
    { id: 'item00000000002', title: 'beta 50% off', someCount: 10, flag: false, tags: ['a'], kind: 'b', meta: null, slug: 'beta' },
    { id: 'item00000000003', title: 'Gamma', someCount: 0, tags: [], meta: [1, 2], slug: '' },
  ];
  for (const r of rows) await admin.collection('st_items').create(r);
});

after(async () => s.stop());

const list = async (params: Record<string, string>) => {
  const r = await s.fetchJson(`/api/collections/st_items/records?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((i: { id: string }) => i.id.slice(-1)).join(',');
};

describe(`on ${testStore}`, () => {
  test('every field kind reads back as written', async () => {
    const r = await admin.collection('st_items').getOne('item00000000001');
    assert.deepEqual(
      [r.title, r.someCount, r.flag, r.tags, r.kind, r.meta, r.spot, r.slug, r.when],
      ['Alpha', 5, true, ['a', 'b'], 'a', { k: 5, s: 'x' }, { lon: 23.32, lat: 42.69 }, 'alpha', '2024-05-01 10:00:00.000Z'],
    );
    // a json value reads back as written, object keys in their order
    const ordered = await admin.collection('st_items').create({ meta: '{"zz":1,"a":[true,1.5]}' });
    assert.equal(JSON.stringify((await admin.collection('st_items').getOne(ordered.id)).meta), '{"zz":1,"a":[true,1.5]}');
    await admin.collection('st_items').delete(ordered.id);
    const empty = await admin.collection('st_items').getOne('item00000000003');
    assert.deepEqual([empty.flag, empty.tags, empty.kind, empty.meta, empty.spot, empty.mail], [false, [], '', [1, 2], { lon: 0, lat: 0 }, '']);
  });

  test('filters: types meet as SQLite compares them, lists, JSON paths, LIKE, functions', async () => {
    const cases: [string, string][] = [
      ['someCount > "3"', '1,2'], ['someCount = "abc"', ''], ['flag = true', '1'], ['flag != true', '2,3'], ['flag = 1', '1'],
      ['tags:each ?= "b"', '1'], ['tags ~ "b"', '1'], ['tags:each = "a"', '2'], ['tags:length > 1', '1'], ['tags = \'["a"]\'', '2'], ['tags = ""', ''],
      ['kind:each = "b"', '2'], ['kind:length = 0', '3'], ['meta.k = 5', '1'], ['meta.s = "x"', '1'], ['meta = null', '2'],
      ['meta.k > 4 && meta.k < 6', '1'], ['title ~ "50\\%"', '2'], ['title ~ "ALPHA"', '1'], ['title !~ "a"', ''], ['someCount ~ "0"', '2,3'],
      ['geoDistance(spot.lon, spot.lat, 23.32, 42.69) < 1', '1'], ["strftime('%Y', when) = '2024'", '1'], ['when < "2025" && when != ""', '1'], ['when = ""', '2,3'],
      ['created > "2000-01-01"', '1,2,3'], ['title:lower = "gamma"', '3'], ['id = "item00000000002"', '2'],
    ];
    for (const [filter, expected] of cases) assert.equal(await list({ filter, sort: 'id' }), expected, filter);
  });

  test('sorts: fields, -@rowid (newest first), @random', async () => {
    assert.equal(await list({ sort: '-someCount' }), '2,1,3');
    assert.equal(await list({ sort: 'title' }), '1,3,2');
    assert.equal(await list({ sort: '-@rowid' }), '3,2,1');
    assert.equal((await list({ sort: '@random' })).split(',').sort().join(','), '1,2,3');
  });

  test('a unique index written with backticks is enforced as validation_not_unique', async () => {
    const dup = await s.fetchJson('/api/collections/st_items/records', { method: 'POST', token: admin.authStore.token, json: { slug: 'alpha' } });
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.body.data, { slug: { code: 'validation_not_unique', message: 'Value must be unique.' } });
    // the partial index lets any number of records keep an empty slug
    await admin.collection('st_items').create({ id: 'item00000000004', title: 'no slug' });
    await admin.collection('st_items').delete('item00000000004');
  });

  test('collection names are unique regardless of case', async () => {
    const r = await s.fetchJson('/api/collections', { method: 'POST', token: admin.authStore.token, json: { name: 'ST_ITEMS', type: 'base' } });
    assert.equal(r.status, 400);
  });

  test('a view reads camelCase columns in any case; schema changes under it keep data and the view', async () => {
    const view = await admin.collections.create({
      name: 'st_view', type: 'view', listRule: '',
      viewQuery: 'SELECT id, title, somecount AS total, `flag` FROM st_items WHERE someCount > 0',
    });
    assert.deepEqual(view.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`), ['id:text', 'title:text', 'total:number', 'flag:bool']);
    const rows = await admin.collection('st_view').getFullList({ sort: 'total' });
    assert.deepEqual(rows.map((r) => [r.title, r.total, r.flag]), [['Alpha', 5, true], ['beta 50% off', 10, false]]);

    // add a field, rename one, turn the single select into a list: the table is rebuilt
    const items = await admin.collections.getOne('st_items');
    const fields = items.fields.map((f: Record<string, unknown>) => (f.name === 'kind' ? { ...f, maxSelect: 2 } : f.name === 'body' ? { ...f, name: 'content' } : f));
    await admin.collections.update('st_items', { fields: [...fields, { name: 'extra', type: 'number' }] });
    const r = await admin.collection('st_items').getOne('item00000000002');
    assert.deepEqual([r.kind, r.extra, r.title, r.tags], [['b'], 0, 'beta 50% off', ['a']]);
    assert.equal(await list({ sort: '-@rowid' }), '3,2,1', 'rows keep their order');
    assert.equal((await admin.collection('st_view').getFullList()).length, 2, 'the view still reads the rebuilt table');

    // and back to a single value: the last one is kept
    const again = (await admin.collections.getOne('st_items')).fields.map((f: Record<string, unknown>) => (f.name === 'kind' ? { ...f, maxSelect: 1 } : f));
    await admin.collections.update('st_items', { fields: again });
    assert.equal((await admin.collection('st_items').getOne('item00000000002')).kind, 'b');
  });

  test('a view with computed columns lists, filters and sorts by them', async () => {
    await admin.collections.create({
      name: 'st_counts', type: 'view', listRule: '',
      viewQuery: "SELECT kind AS id, COUNT(*) AS total, MAX(someCount) AS top FROM st_items WHERE kind != '' GROUP BY kind",
    });
    const all = await admin.collection('st_counts').getFullList({ sort: '-top' });
    assert.deepEqual(all.map((r) => [r.id, r.total, r.top]), [['b', 1, 10], ['a', 1, 5]]);
    const some = await admin.collection('st_counts').getFullList({ filter: 'top > 6 && total = 1' });
    assert.deepEqual(some.map((r) => r.id), ['b']);
    await admin.collections.delete('st_counts');
  });

  test('a view query using SQLite-only SQL is refused on Postgres with the construct named', async () => {
    const r = await s.fetchJson('/api/collections', {
      method: 'POST', token: admin.authStore.token,
      json: { name: 'st_sqlite_view', type: 'view', viewQuery: "SELECT id, json_extract(meta, '$.k') AS k FROM st_items" },
    });
    if (testStore === 'sqlite') {
      assert.equal(r.status, 200, JSON.stringify(r.body));
    } else {
      assert.equal(r.status, 400);
      assert.equal(r.body.data.viewQuery.code, 'validation_invalid_view_query');
      assert.match(r.body.data.viewQuery.message, /"json_extract" is SQLite-only/);
    }
  });
});
