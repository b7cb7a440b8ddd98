import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { apiTable, dateRe, errors, type ApiCase } from './api-table.js';

// Expectations were taken from PocketBase 0.40.4 answering the same requests.

let s: TestServer;
let admin: PocketBase;
const tokens: Record<string, string> = {};
const server = () => s;

/** PocketBase's default collection id: "pbc_" + CRC-32 of type + name. */
const pbcId = (type: string, name: string) => `pbc_${crc32(type + name)}`;

const membersId = pbcId('auth', 'col_members');

before(async () => {
  s = await startServer();
  admin = await s.admin();
  tokens.admin = admin.authStore.token;
  await admin.collections.create({ name: 'col_members', type: 'auth', createRule: '', fields: [{ name: 'nick', type: 'text' }] });
  await admin.collection('col_members').create({ email: 'member@example.com', password: 'member-pass-1', passwordConfirm: 'member-pass-1' });
  const member = s.client();
  await member.collection('col_members').authWithPassword('member@example.com', 'member-pass-1');
  tokens.user = member.authStore.token;
  await admin.collections.create({ name: 'col_target', type: 'base', fields: [{ name: 'label', type: 'text' }] });
});

after(async () => s?.stop());

describe('collection endpoints are superuser-only', () => {
  const endpoints: Array<{ method: string; url: string; body?: unknown }> = [
    { method: 'GET', url: '/api/collections' },
    { method: 'POST', url: '/api/collections', body: { name: 'col_guest_made' } },
    { method: 'GET', url: '/api/collections/col_members' },
    { method: 'PATCH', url: '/api/collections/col_members', body: { listRule: '' } },
    { method: 'DELETE', url: '/api/collections/col_target' },
    { method: 'DELETE', url: '/api/collections/col_target/truncate' },
    { method: 'PUT', url: '/api/collections/import', body: { collections: [{ name: 'col_guest_import' }] } },
    { method: 'GET', url: '/api/collections/meta/scaffolds' },
  ];
  const cases: ApiCase[] = endpoints.flatMap((e) => [
    { name: `${e.method} ${e.url} as guest → 401`, method: e.method, url: e.url, body: e.body, status: 401, json: errors.unauthorized },
    { name: `${e.method} ${e.url} as a regular user → 403`, method: e.method, url: e.url, body: e.body, auth: 'user', status: 403, json: errors.forbidden },
  ]);
  cases.push(
    { name: 'GET /api/collections as superuser → 200 list', url: '/api/collections', auth: 'admin', status: 200, match: { page: 1, perPage: 30 } },
    { name: 'GET /api/collections/{name} as superuser → 200', url: '/api/collections/col_members', auth: 'admin', status: 200, match: { id: membersId, name: 'col_members', type: 'auth' } },
    { name: 'GET /api/collections/{id} as superuser → 200', url: `/api/collections/${membersId}`, auth: 'admin', status: 200, match: { name: 'col_members' } },
    { name: 'GET /api/collections/{NAME} matches names case-insensitively', url: '/api/collections/COL_MEMBERS', auth: 'admin', status: 200, match: { name: 'col_members' } },
    { name: 'GET a missing collection → 404', url: '/api/collections/col_nope', auth: 'admin', status: 404, json: errors.notFound },
  );
  apiTable(server, tokens, cases);

  test('nothing was created or deleted by the refused requests', async () => {
    const names = (await admin.collections.getFullList()).map((c) => c.name);
    assert.ok(names.includes('col_target'));
    assert.ok(!names.includes('col_guest_made'));
    assert.ok(!names.includes('col_guest_import'));
  });
});

describe('create', () => {
  const allFields = [
    { name: 'title', type: 'text', required: true },
    { name: 'count', type: 'number' },
    { name: 'active', type: 'bool' },
    { name: 'contact', type: 'email' },
    { name: 'site', type: 'url' },
    { name: 'body', type: 'editor' },
    { name: 'due', type: 'date' },
    { name: 'created', type: 'autodate', onCreate: true },
    { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
    { name: 'status', type: 'select', values: ['draft', 'live'] },
    { name: 'doc', type: 'file' },
    { name: 'owner', type: 'relation', collectionId: membersId },
    { name: 'meta', type: 'json' },
    { name: 'pin', type: 'password' },
    { name: 'spot', type: 'geoPoint' },
  ];
  const common = { help: '', hidden: false, presentable: false, required: false, system: false };
  const expectedFields = [
    { ...common, id: 'text3208210256', name: 'id', type: 'text', system: true, required: true, primaryKey: true, min: 15, max: 15, pattern: '^[a-z0-9]+$', autogeneratePattern: '[a-z0-9]{15}' },
    { ...common, id: 'text724990059', name: 'title', type: 'text', required: true, primaryKey: false, min: 0, max: 0, pattern: '', autogeneratePattern: '' },
    { ...common, id: 'number2245608546', name: 'count', type: 'number', min: null, max: null, onlyInt: false },
    { ...common, id: 'bool1260321794', name: 'active', type: 'bool' },
    { ...common, id: 'email1281549880', name: 'contact', type: 'email', exceptDomains: [], onlyDomains: [] },
    { ...common, id: 'url1766001124', name: 'site', type: 'url', exceptDomains: [], onlyDomains: [] },
    { ...common, id: 'editor3685223346', name: 'body', type: 'editor', maxSize: 0, convertURLs: false },
    { ...common, id: 'date3742343818', name: 'due', type: 'date', min: '', max: '' },
    { hidden: false, presentable: false, system: false, id: 'autodate2990389176', name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
    { hidden: false, presentable: false, system: false, id: 'autodate3332085495', name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
    { ...common, id: 'select2063623452', name: 'status', type: 'select', maxSelect: 0, values: ['draft', 'live'] },
    { ...common, id: 'file2252471652', name: 'doc', type: 'file', maxSelect: 0, maxSize: 0, mimeTypes: [], thumbs: [], protected: false },
    { ...common, id: 'relation3479234172', name: 'owner', type: 'relation', collectionId: membersId, cascadeDelete: false, minSelect: 0, maxSelect: 0 },
    { ...common, id: 'json3622966325', name: 'meta', type: 'json', maxSize: 0 },
    { ...common, id: 'password3045404147', name: 'pin', type: 'password', min: 0, max: 0, pattern: '', cost: 0 },
    { ...common, id: 'geoPoint3107093107', name: 'spot', type: 'geoPoint' },
  ];

  test('a base collection with every field type answers PocketBase defaults', async () => {
    const c = await admin.collections.create({ name: 'col_all', fields: allFields });
    const { created, updated, ...rest } = c as any;
    assert.match(created, dateRe);
    assert.equal(updated, created);
    assert.deepEqual(rest, {
      id: pbcId('base', 'col_all'),
      name: 'col_all',
      type: 'base',
      system: false,
      fields: expectedFields,
      indexes: [],
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
    });
    assert.deepEqual(await admin.collections.getOne('col_all'), c);
  });

  test('a custom collection id is kept', async () => {
    const c = await admin.collections.create({ id: 'col_custom_id_1', name: 'col_custom' });
    assert.equal(c.id, 'col_custom_id_1');
    assert.equal((await admin.collections.getOne('col_custom_id_1')).name, 'col_custom');
  });

  test('an auth collection gets the system fields, unique indexes and default options; secrets stay out', async () => {
    const c = (await admin.collections.create({ name: 'col_auth', type: 'auth', fields: [{ name: 'name', type: 'text' }] })) as any;
    assert.equal(c.id, pbcId('auth', 'col_auth'));
    assert.deepEqual(c.fields.map((f: any) => [f.name, f.type, f.hidden, f.system]), [
      ['id', 'text', false, true],
      ['name', 'text', false, false],
      ['password', 'password', true, true],
      ['tokenKey', 'text', true, true],
      ['email', 'email', false, true],
      ['emailVisibility', 'bool', false, true],
      ['verified', 'bool', false, true],
    ]);
    const byName = Object.fromEntries(c.fields.map((f: any) => [f.name, f]));
    assert.deepEqual(byName.password, { id: 'password901924565', name: 'password', type: 'password', system: true, hidden: true, presentable: false, required: true, min: 8, max: 0, pattern: '', cost: 0, help: '' });
    assert.deepEqual(byName.tokenKey, { id: 'text2504183744', name: 'tokenKey', type: 'text', system: true, hidden: true, presentable: false, required: true, primaryKey: false, min: 30, max: 60, pattern: '', autogeneratePattern: '[a-zA-Z0-9]{50}', help: '' });
    assert.deepEqual(byName.email, { id: 'email3885137012', name: 'email', type: 'email', system: true, hidden: false, presentable: false, required: true, exceptDomains: [], onlyDomains: [], help: '' });
    assert.equal(c.indexes.length, 2);
    assert.match(c.indexes[0], /^CREATE UNIQUE INDEX `idx_tokenKey_\w+` ON `col_auth` \(`tokenKey`\)$/);
    assert.match(c.indexes[1], /^CREATE UNIQUE INDEX `idx_email_\w+` ON `col_auth` \(`email`\) WHERE `email` != ''$/);
    assert.equal(c.authRule, '');
    assert.equal(c.manageRule, null);
    assert.deepEqual(c.passwordAuth, { enabled: true, identityFields: ['email'] });
    assert.deepEqual(c.oauth2, { enabled: false, providers: [], mappedFields: { id: '', name: '', username: '', avatarURL: '' } });
    assert.deepEqual(c.mfa, { enabled: false, duration: 600, rule: '' });
    assert.equal(c.otp.duration, 180);
    assert.equal(c.otp.length, 8);
    assert.deepEqual(c.authToken, { duration: 432000 });
    assert.deepEqual(c.passwordResetToken, { duration: 1800 });
    assert.deepEqual(c.emailChangeToken, { duration: 1800 });
    assert.deepEqual(c.verificationToken, { duration: 86400 });
    assert.deepEqual(c.fileToken, { duration: 180 });
    assert.equal(c.authAlert.enabled, true);
    for (const t of ['verificationTemplate', 'resetPasswordTemplate', 'confirmEmailChangeTemplate']) {
      assert.equal(typeof c[t].subject, 'string');
      assert.ok(c[t].body.includes('{TOKEN}'), t);
    }
    assert.doesNotMatch(JSON.stringify(c), /"(secret|clientSecret)"/);
  });

  const bad = (data: unknown) => ({ status: 400, message: 'Failed to create collection.', data });
  const fieldErr = (i: number, key: string, code: string, message: string) => ({ fields: { [i]: { [key]: { code, message } } } });
  apiTable(server, tokens, [
    { name: 'duplicate name → validation_collection_name_exists', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_target' }, status: 400, json: bad({ name: { code: 'validation_collection_name_exists', message: 'Collection name must be unique (case insensitive).' } }) },
    { name: 'duplicate name in another case → validation_collection_name_exists', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'COL_TARGET' }, status: 400, json: bad({ name: { code: 'validation_collection_name_exists', message: 'Collection name must be unique (case insensitive).' } }) },
    { name: 'name equal to an existing collection id → validation_collection_name_id_duplicate', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: membersId }, status: 400, json: bad({ name: { code: 'validation_collection_name_id_duplicate', message: 'The name must not match an existing collection id.' } }) },
    { name: 'missing name → validation_required', method: 'POST', url: '/api/collections', auth: 'admin', body: {}, status: 400, json: bad({ name: { code: 'validation_required', message: 'Cannot be blank.' } }) },
    { name: 'name with a space → validation_match_invalid', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col bad' }, status: 400, json: bad({ name: { code: 'validation_match_invalid', message: 'Must be in a valid format.' } }) },
    { name: 'name with _via_ → validation_found_via', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_via_x' }, status: 400, json: bad({ name: { code: 'validation_found_via', message: 'The value cannot contain "_via_".' } }) },
    { name: 'unknown collection type → validation_in_invalid', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_weird', type: 'weird' }, status: 400, json: bad({ type: { code: 'validation_in_invalid', message: 'Must be a valid value.' } }) },
    { name: 'invalid custom id → validation_match_invalid', method: 'POST', url: '/api/collections', auth: 'admin', body: { id: 'bad-id!', name: 'col_badid' }, status: 400, json: bad({ id: { code: 'validation_match_invalid', message: 'Must be in a valid format.' } }) },
    { name: 'taken custom id → validation_invalid_or_existing_id', method: 'POST', url: '/api/collections', auth: 'admin', body: { id: membersId, name: 'col_takenid' }, status: 400, json: bad({ id: { code: 'validation_invalid_or_existing_id', message: 'The model id is invalid or already exists.' } }) },
    {
      name: 'bad field names are reported per field index',
      method: 'POST',
      url: '/api/collections',
      auth: 'admin',
      body: { name: 'col_badfields', fields: [{ name: 'a b', type: 'text' }, { name: 'expand', type: 'text' }, { name: '', type: 'text' }, { name: 'ok', type: 'text' }, { name: 'x_via_y', type: 'text' }, { name: 'collectionId', type: 'text' }] },
      status: 400,
      json: bad({
        fields: {
          1: { name: { code: 'validation_match_invalid', message: 'Must be in a valid format.' } },
          2: { name: { code: 'validation_not_in_invalid', message: 'Must not be in list.' } },
          3: { name: { code: 'validation_required', message: 'Cannot be blank.' } },
          5: { name: { code: 'validation_found_via', message: 'The value cannot contain "_via_".' } },
          6: { name: { code: 'validation_not_in_invalid', message: 'Must not be in list.' } },
        },
      }),
    },
    { name: 'passwordConfirm is a reserved field name in auth collections', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_auth_bad', type: 'auth', fields: [{ name: 'passwordConfirm', type: 'text' }] }, status: 400, json: bad(fieldErr(1, 'name', 'validation_reserved_field_name', 'The field name is reserved and cannot be used.')) },
    { name: 'unknown field type → 400 invalid formatting', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_badtype', fields: [{ name: 'x', type: 'nope' }] }, status: 400, json: { status: 400, message: 'Failed to load the submitted data due to invalid formatting.', data: {} } },
    { name: 'relation to a missing collection → validation_field_relation_missing_collection', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_badrel', fields: [{ name: 'r', type: 'relation', collectionId: 'col_nope' }] }, status: 400, json: bad(fieldErr(1, 'collectionId', 'validation_field_relation_missing_collection', "The relation collection doesn't exist.")) },
    { name: 'relation without collectionId → validation_required', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_badrel', fields: [{ name: 'r', type: 'relation' }] }, status: 400, json: bad(fieldErr(1, 'collectionId', 'validation_required', 'Cannot be blank.')) },
    { name: 'select without values → validation_required', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_badsel', fields: [{ name: 's', type: 'select' }] }, status: 400, json: bad(fieldErr(1, 'values', 'validation_required', 'Cannot be blank.')) },
    { name: 'negative text max → validation_min_greater_equal_than_required', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_badmax', fields: [{ name: 't', type: 'text', max: -1 }] }, status: 400, json: bad({ fields: { 1: { max: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } } } } }) },
  ]);

  test('failed creates left no collection behind', async () => {
    const names = new Set((await admin.collections.getFullList()).map((c) => c.name));
    for (const n of ['col_bad', 'col_weird', 'col_badid', 'col_takenid', 'col_badfields', 'col_auth_bad', 'col_badtype', 'col_badrel', 'col_badsel', 'col_badmax']) assert.ok(!names.has(n), n);
  });
});

describe('update keeps data', () => {
  test('adding, renaming and removing fields and widening a select keep the stored values', async () => {
    await admin.collections.create({
      name: 'col_evolve',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'kind', type: 'select', values: ['a', 'b', 'c'] },
        { name: 'old', type: 'text' },
      ],
    });
    await admin.collection('col_evolve').create({ id: 'evolve000000001', title: 'T1', kind: 'b', old: 'gone' });
    await admin.collection('col_evolve').create({ id: 'evolve000000002', title: 'T2', kind: '' });
    const c = await admin.collections.getOne('col_evolve');
    const [idField, title, kind] = c.fields;
    const updated = await admin.collections.update('col_evolve', {
      fields: [idField, { ...title, name: 'heading' }, { ...kind, maxSelect: 3 }, { name: 'views', type: 'number' }],
    });
    assert.deepEqual(updated.fields.map((f: any) => [f.id, f.name]), [
      ['text3208210256', 'id'],
      ['text724990059', 'heading'],
      ['select1002749145', 'kind'],
      ['number300981383', 'views'],
    ]);
    assert.equal(updated.fields[2].maxSelect, 3);
    const one = await admin.collection('col_evolve').getOne('evolve000000001');
    assert.deepEqual({ ...one }, { collectionId: c.id, collectionName: 'col_evolve', id: 'evolve000000001', heading: 'T1', kind: ['b'], views: 0 });
    assert.ok(!('old' in one) && !('title' in one));
    const two = await admin.collection('col_evolve').getOne('evolve000000002');
    assert.deepEqual(two.kind, []);
    assert.equal(two.heading, 'T2');
  });

  test('renaming a collection keeps its records', async () => {
    await admin.collections.create({ name: 'col_before', fields: [{ name: 'v', type: 'text' }] });
    await admin.collection('col_before').create({ v: 'kept' });
    const renamed = await admin.collections.update('col_before', { name: 'col_after' });
    assert.equal(renamed.name, 'col_after');
    const items = await admin.collection('col_after').getFullList();
    assert.deepEqual(items.map((r) => [r.v, r.collectionName]), [['kept', 'col_after']]);
    await assert.rejects(admin.collections.getOne('col_before'), (e: any) => e.status === 404);
  });
});

describe('indexes', () => {
  test('a UNIQUE index is enforced on records as validation_not_unique', async () => {
    await admin.collections.create({ name: 'col_uniq', createRule: '', fields: [{ name: 'slug', type: 'text' }], indexes: ['CREATE UNIQUE INDEX idx_slug ON col_uniq (slug)'] });
    await admin.collection('col_uniq').create({ slug: 'one' });
    const dup = await s.fetchJson('/api/collections/col_uniq/records', { method: 'POST', json: { slug: 'one' } });
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.body, { status: 400, message: 'Failed to create record.', data: { slug: { code: 'validation_not_unique', message: 'Value must be unique.' } } });
    const other = await admin.collection('col_uniq').create({ slug: 'two' });
    await assert.rejects(admin.collection('col_uniq').update(other.id, { slug: 'one' }), (e: any) => {
      assert.equal(e.status, 400);
      assert.deepEqual(e.response.data, { slug: { code: 'validation_not_unique', message: 'Value must be unique.' } });
      return true;
    });
    const c = await admin.collections.getOne('col_uniq');
    assert.deepEqual(c.indexes, ['CREATE UNIQUE INDEX idx_slug ON col_uniq (slug)']);
  });

  test('adding a UNIQUE index over duplicate data fails; a later one over clean data works', async () => {
    await admin.collections.create({ name: 'col_idx', fields: [{ name: 'code', type: 'text' }] });
    await admin.collection('col_idx').create({ code: 'x' });
    await admin.collection('col_idx').create({ code: 'x' });
    const res = await s.fetchJson('/api/collections/col_idx', { method: 'PATCH', token: tokens.admin, json: { indexes: ['CREATE UNIQUE INDEX idx_code ON col_idx (code)'] } });
    assert.equal(res.status, 400);
    assert.equal(res.body.message, 'Failed to update collection.');
    assert.equal(res.body.data.indexes['0'].code, 'validation_invalid_index_expression');
    const ok = await admin.collections.update('col_idx', { indexes: ['CREATE INDEX idx_code ON col_idx (code)'] });
    assert.deepEqual(ok.indexes, ['CREATE INDEX idx_code ON col_idx (code)']);
  });

  apiTable(server, tokens, [
    { name: 'an index over a missing column → validation_invalid_index_expression', method: 'PATCH', url: '/api/collections/col_target', auth: 'admin', body: { indexes: ['CREATE INDEX idx_bad ON col_target (nope)'] }, status: 400, match: { status: 400, message: 'Failed to update collection.', data: { indexes: { 0: { code: 'validation_invalid_index_expression' } } } }, contains: ['Failed to create index idx_bad'] },
    { name: 'a malformed index → validation_invalid_index_expression', method: 'PATCH', url: '/api/collections/col_target', auth: 'admin', body: { indexes: ['garbage'] }, status: 400, json: { status: 400, message: 'Failed to update collection.', data: { indexes: { 0: { code: 'validation_invalid_index_expression', message: 'Invalid CREATE INDEX expression.' } } } } },
  ]);
});

describe('view collections', () => {
  before(async () => {
    await admin.collections.create({ name: 'col_src', fields: [{ name: 'title', type: 'text' }, { name: 'n', type: 'number' }, { name: 'tags', type: 'select', values: ['a', 'b'], maxSelect: 2 }, { name: 'meta', type: 'json' }] });
    await admin.collection('col_src').create({ id: 'src000000000001', title: 'first', n: 2, tags: ['a'] });
    await admin.collection('col_src').create({ id: 'src000000000002', title: 'second', n: 5, tags: [], meta: { k: 1 } });
  });

  test('fields are inferred from the query and records are readable', async () => {
    const v = (await admin.collections.create({ name: 'col_view', type: 'view', listRule: '', viewRule: '', viewQuery: 'SELECT id, title, n, n*2 AS dbl, tags, meta FROM col_src' })) as any;
    assert.equal(v.id, pbcId('view', 'col_view'));
    assert.equal(v.viewQuery, 'SELECT id, title, n, n*2 AS dbl, tags, meta FROM col_src');
    assert.deepEqual(v.fields.map((f: any) => [f.name, f.type]), [
      ['id', 'text'],
      ['title', 'text'],
      ['n', 'number'],
      ['dbl', 'json'],
      ['tags', 'select'],
      ['meta', 'json'],
    ]);
    const id = v.fields[0];
    assert.deepEqual([id.primaryKey, id.system, id.required, id.min, id.max, id.pattern, id.autogeneratePattern], [true, true, true, 0, 0, '^[a-z0-9]+$', '']);
    assert.deepEqual(v.fields[4].values, ['a', 'b']);
    assert.equal(v.fields[4].maxSelect, 2);
    assert.deepEqual(v.indexes, []);

    const guest = s.client();
    const rows = await guest.collection('col_view').getFullList({ sort: 'n' });
    assert.deepEqual(
      rows.map((r) => ({ ...r })),
      [
        { collectionId: v.id, collectionName: 'col_view', id: 'src000000000001', title: 'first', n: 2, dbl: 4, tags: ['a'], meta: null },
        { collectionId: v.id, collectionName: 'col_view', id: 'src000000000002', title: 'second', n: 5, dbl: 10, tags: [], meta: { k: 1 } },
      ],
    );
    assert.equal((await guest.collection('col_view').getOne('src000000000002')).title, 'second');
  });

  const unsupported = { status: 400, message: 'Unsupported collection type.', data: {} };
  apiTable(server, tokens, [
    { name: 'view: create record → 400', method: 'POST', url: '/api/collections/col_view/records', auth: 'admin', body: { title: 'x' }, status: 400, json: unsupported },
    { name: 'view: update record → 400', method: 'PATCH', url: '/api/collections/col_view/records/src000000000001', auth: 'admin', body: { title: 'x' }, status: 400, json: unsupported },
    { name: 'view: delete record → 400', method: 'DELETE', url: '/api/collections/col_view/records/src000000000001', auth: 'admin', status: 400, json: unsupported },
    { name: 'view: truncate → 400', method: 'DELETE', url: '/api/collections/col_view/truncate', auth: 'admin', status: 400, json: { status: 400, message: "View collections cannot be truncated since they don't store their own records.", data: {} } },
    { name: 'view source referenced by a view cannot be deleted', method: 'DELETE', url: '/api/collections/col_src', auth: 'admin', status: 400, json: { status: 400, message: 'Failed to delete collection.', data: {} } },
    { name: 'view without an id column → validation_missing_primary_key + invalid query', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_view_noid', type: 'view', viewQuery: 'SELECT title FROM col_src' }, status: 400, json: { status: 400, message: 'Failed to create collection.', data: { fields: { code: 'validation_missing_primary_key', message: 'Missing or invalid "id" PK field.' }, viewQuery: { code: 'validation_invalid_view_query', message: 'Invalid query - missing required id column (you can use `(ROW_NUMBER() OVER()) as id` if you don\'t have one).' } } } },
    { name: 'view over a missing column → validation_invalid_view_query', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_view_bad', type: 'view', viewQuery: 'SELECT id, nope FROM col_src' }, status: 400, match: { status: 400, message: 'Failed to create collection.', data: { fields: { code: 'validation_required', message: 'Cannot be blank.' }, viewQuery: { code: 'validation_invalid_view_query' } } }, contains: ['Invalid query - ', 'no such column: nope'] },
    { name: 'view without a query → validation_required', method: 'POST', url: '/api/collections', auth: 'admin', body: { name: 'col_view_empty', type: 'view' }, status: 400, json: { status: 400, message: 'Failed to create collection.', data: { fields: { code: 'validation_required', message: 'Cannot be blank.' }, viewQuery: { code: 'validation_required', message: 'Cannot be blank.' } } } },
  ]);
});

describe('delete and truncate', () => {
  test('delete → 204, then the collection and its records are gone', async () => {
    await admin.collections.create({ name: 'col_doomed', listRule: '', fields: [{ name: 'v', type: 'text' }] });
    await admin.collection('col_doomed').create({ v: 'x' });
    const res = await s.fetchJson('/api/collections/col_doomed', { method: 'DELETE', token: tokens.admin });
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
    const gone = await s.fetchJson('/api/collections/col_doomed', { token: tokens.admin });
    assert.deepEqual([gone.status, gone.body], [404, errors.notFound]);
    const records = await s.fetchJson('/api/collections/col_doomed/records');
    assert.deepEqual([records.status, records.body], [404, { status: 404, message: 'Missing collection context.', data: {} }]);
  });

  test('a collection referenced by a relation field cannot be deleted', async () => {
    await admin.collections.create({ name: 'col_parent' });
    const parentId = pbcId('base', 'col_parent');
    await admin.collections.create({ name: 'col_child', fields: [{ name: 'parent', type: 'relation', collectionId: parentId }] });
    const res = await s.fetchJson('/api/collections/col_parent', { method: 'DELETE', token: tokens.admin });
    assert.deepEqual([res.status, res.body], [400, { status: 400, message: 'Failed to delete collection probably due to existing reference in col_child.', data: {} }]);
    await admin.collections.delete('col_child');
    assert.equal(await admin.collections.delete('col_parent'), true);
  });

  apiTable(server, tokens, [
    { name: 'delete a missing collection → 404', method: 'DELETE', url: '/api/collections/col_nope', auth: 'admin', status: 404, json: errors.notFound },
    { name: 'delete a system collection → 400', method: 'DELETE', url: '/api/collections/_mfas', auth: 'admin', status: 400, json: { status: 400, message: 'Failed to delete collection.', data: {} } },
    { name: 'truncate a missing collection → 404', method: 'DELETE', url: '/api/collections/col_nope/truncate', auth: 'admin', status: 404, json: errors.notFound },
  ]);

  test('truncate → 204 and deletes every record but keeps the collection', async () => {
    await admin.collections.create({ name: 'col_trunc', fields: [{ name: 'v', type: 'text' }] });
    for (const v of ['a', 'b', 'c']) await admin.collection('col_trunc').create({ v });
    const res = await s.fetchJson('/api/collections/col_trunc/truncate', { method: 'DELETE', token: tokens.admin });
    assert.deepEqual([res.status, res.body], [204, null]);
    const list = await admin.collection('col_trunc').getList(1, 30);
    assert.deepEqual([list.totalItems, list.items.length], [0, 0]);
    await admin.collection('col_trunc').create({ v: 'again' });
    assert.equal((await admin.collection('col_trunc').getList()).totalItems, 1);
  });
});

describe('import', () => {
  test('without deleteMissing: new collections are created and existing ones merged, fields kept', async () => {
    await admin.collections.create({ name: 'col_imp_old', fields: [{ name: 'a', type: 'text' }, { name: 'b', type: 'number' }] });
    await admin.collection('col_imp_old').create({ id: 'impold000000001', a: 'x', b: 7 });
    const ok = await admin.collections.import([
      { name: 'col_imp_new', fields: [{ name: 'title', type: 'text' }] },
      { name: 'col_imp_old', listRule: '', fields: [{ name: 'c', type: 'bool' }] },
    ] as any, false);
    assert.equal(ok, true);
    const fresh = await admin.collections.getOne('col_imp_new');
    assert.equal(fresh.id, pbcId('base', 'col_imp_new'));
    assert.deepEqual(fresh.fields.map((f: any) => f.name), ['id', 'title']);
    const old = await admin.collections.getOne('col_imp_old');
    assert.equal(old.listRule, '');
    assert.deepEqual(old.fields.map((f: any) => f.name).sort(), ['a', 'b', 'c', 'id']);
    const rec = await admin.collection('col_imp_old').getOne('impold000000001');
    assert.deepEqual([rec.a, rec.b, rec.c], ['x', 7, false]);
  });

  apiTable(server, tokens, [
    { name: 'import with an empty list → 400 collections required', method: 'PUT', url: '/api/collections/import', auth: 'admin', body: { collections: [] }, status: 400, json: { status: 400, message: 'An error occurred while validating the submitted data.', data: { collections: { code: 'validation_required', message: 'Cannot be blank.' } } } },
    {
      name: 'import of an invalid collection → 400 validation_collections_import_failure',
      method: 'PUT',
      url: '/api/collections/import',
      auth: 'admin',
      body: { collections: [{ name: 'col_imp_bad', fields: [{ name: 'r', type: 'relation', collectionId: 'col_nope' }] }] },
      status: 400,
      match: { status: 400, message: 'Failed to import collections.', data: { collections: { code: 'validation_collections_import_failure' } } },
      contains: ['Data validations failed for collection \\"col_imp_bad\\"', "The relation collection doesn't exist."],
    },
  ]);

  test('with deleteMissing: collections and fields absent from the payload are deleted, system ones kept', async () => {
    await admin.collections.create({ name: 'col_imp_drop', fields: [{ name: 'x', type: 'text' }] });
    await admin.collections.create({ name: 'col_imp_keep', fields: [{ name: 'x', type: 'text' }, { name: 'y', type: 'text' }] });
    const all = await admin.collections.getFullList();
    const payload = all
      .filter((c) => c.name !== 'col_imp_drop')
      .map((c) => (c.name === 'col_imp_keep' ? { ...c, fields: c.fields.filter((f: any) => f.name !== 'y') } : c));
    assert.equal(await admin.collections.import(payload as any, true), true);
    const after = await admin.collections.getFullList();
    const names = after.map((c) => c.name);
    assert.ok(!names.includes('col_imp_drop'));
    assert.ok(names.includes('_superusers') && names.includes('col_members'));
    assert.equal(after.length, all.length - 1);
    const keep = after.find((c) => c.name === 'col_imp_keep')!;
    assert.deepEqual(keep.fields.map((f: any) => f.name), ['id', 'x']);
  });
});

describe('listing and scaffolds', () => {
  test('getList with filter name~"x" and sort', async () => {
    for (const n of ['col_ls_b', 'col_ls_a', 'col_ls_c']) await admin.collections.create({ name: n });
    const list = await admin.collections.getList(1, 2, { filter: 'name~"col_ls_"', sort: '-name' });
    assert.deepEqual([list.page, list.perPage, list.totalItems, list.totalPages], [1, 2, 3, 2]);
    assert.deepEqual(list.items.map((c) => c.name), ['col_ls_c', 'col_ls_b']);
    const asc = await admin.collections.getFullList({ filter: 'name ~ "col_ls_" && type = "base"', sort: 'name' });
    assert.deepEqual(asc.map((c) => c.name), ['col_ls_a', 'col_ls_b', 'col_ls_c']);
    const sys = await admin.collections.getFullList({ filter: 'system = true', sort: 'name' });
    assert.ok(sys.some((c) => c.name === '_superusers'));
    assert.ok(sys.every((c) => c.system === true));
  });

  apiTable(server, tokens, [
    { name: 'filter on an unknown field → 400', url: '/api/collections?filter=' + encodeURIComponent('foo="x"'), auth: 'admin', status: 400, json: errors.badRequest },
    { name: 'sort on a non-sortable field → 400', url: '/api/collections?sort=viewRule', auth: 'admin', status: 400, json: errors.badRequest },
    { name: 'fields= projects each listed collection', url: '/api/collections?filter=' + encodeURIComponent('name="col_members"') + '&fields=id,name', auth: 'admin', status: 200, json: { page: 1, perPage: 30, totalItems: 1, totalPages: 1, items: [{ id: membersId, name: 'col_members' }] } },
  ]);

  test('scaffolds are blank models of base, auth and view', async () => {
    const sc = (await admin.collections.getScaffolds()) as any;
    assert.deepEqual(Object.keys(sc).sort(), ['auth', 'base', 'view']);
    const blank = { id: '', name: '', system: false, indexes: [], created: '', updated: '', listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };
    assert.deepEqual({ ...sc.base, fields: undefined }, { ...blank, type: 'base', fields: undefined });
    assert.deepEqual(sc.base.fields.map((f: any) => f.name), ['id']);
    assert.deepEqual(sc.view, { ...blank, type: 'view', fields: [], viewQuery: '' });
    assert.equal(sc.auth.type, 'auth');
    assert.deepEqual(sc.auth.fields.map((f: any) => f.name), ['id', 'password', 'tokenKey', 'email', 'emailVisibility', 'verified']);
    assert.equal(sc.auth.indexes.length, 2);
    assert.match(sc.auth.indexes[0], /^CREATE UNIQUE INDEX `idx_tokenKey_\w+` ON `` \(`tokenKey`\)$/);
    assert.doesNotMatch(JSON.stringify(sc), /"(secret|clientSecret)"/);
  });
});

describe('auth secrets', () => {
  apiTable(server, tokens, [
    { name: 'a token secret shorter than 30 chars → 400', method: 'PATCH', url: '/api/collections/col_members', auth: 'admin', body: { authToken: { secret: 'short' } }, status: 400, json: { status: 400, message: 'Failed to update collection.', data: { authToken: { secret: { code: 'validation_length_out_of_range', message: 'The length must be between 30 and 255.', params: { min: 30, max: 255 } } } } } },
  ]);

  test('a token secret can be written but is never returned; changing it invalidates issued tokens', async () => {
    const member = s.client();
    await member.collection('col_members').authWithPassword('member@example.com', 'member-pass-1');
    const token = member.authStore.token;
    const before = await s.fetchJson('/api/collections/col_members/auth-refresh', { method: 'POST', token });
    assert.equal(before.status, 200);
    const res = await s.fetchJson('/api/collections/col_members', { method: 'PATCH', token: tokens.admin, json: { authToken: { secret: 'x'.repeat(40), duration: 1000 } } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.authToken, { duration: 1000 });
    assert.doesNotMatch(JSON.stringify(res.body), /"secret"/);
    const list = await s.fetchJson('/api/collections', { token: tokens.admin });
    assert.doesNotMatch(JSON.stringify(list.body), /"(secret|clientSecret)"/);
    const stale = await s.fetchJson('/api/collections/col_members/auth-refresh', { method: 'POST', token });
    assert.deepEqual([stale.status, stale.body], [401, errors.unauthorized]);
  });
});
