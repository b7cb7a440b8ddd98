import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { startServer, superuserEmail, superuserPassword, type TestServer } from './harness.js';
import { apiTable, errors, jwtClaims } from './api-table.js';

// Expectations were taken from PocketBase 0.40.4 answering the same requests.

let s: TestServer;
let admin: PocketBase;
const tokens: Record<string, string> = {};
const server = () => s;
const collectionIds: Record<string, string> = {};

const password = 'auth-pass-123';
const failedCreate = (data: unknown) => ({ status: 400, message: 'Failed to create record.', data });

async function signIn(collection: string, email: string, pass = password): Promise<PocketBase> {
  const pb = s.client();
  await pb.collection(collection).authWithPassword(email, pass);
  return pb;
}

before(async () => {
  s = await startServer();
  admin = await s.admin();
  tokens.admin = admin.authStore.token;
  const open = await admin.collections.create({ name: 'auth_users', type: 'auth', listRule: '', viewRule: '', createRule: '', updateRule: 'id = @request.auth.id', fields: [{ name: 'name', type: 'text' }] });
  collectionIds.users = open.id;
  const priv = await admin.collections.create({ name: 'auth_private', type: 'auth', listRule: 'id = @request.auth.id', viewRule: 'id = @request.auth.id', createRule: '', updateRule: 'id = @request.auth.id' });
  collectionIds.private = priv.id;
  await admin.collections.create({ name: 'auth_base', type: 'base' });
  await s.client().collection('auth_users').create({ id: 'authuser0000001', email: 'hidden@example.com', name: 'Hidden', password, passwordConfirm: password });
  await s.client().collection('auth_users').create({ id: 'authuser0000002', email: 'shown@example.com', name: 'Shown', emailVisibility: true, password, passwordConfirm: password });
  await s.client().collection('auth_private').create({ id: 'authpriv0000001', email: 'private@example.com', password, passwordConfirm: password });
  tokens.hidden = (await signIn('auth_users', 'hidden@example.com')).authStore.token;
  tokens.shown = (await signIn('auth_users', 'shown@example.com')).authStore.token;
  tokens.private = (await signIn('auth_private', 'private@example.com')).authStore.token;
});

after(async () => s?.stop());

describe('sign-up through the records API', () => {
  const url = '/api/collections/auth_users/records';
  apiTable(server, tokens, [
    { name: 'password/passwordConfirm mismatch → validation_values_mismatch', method: 'POST', url, body: { email: 'new1@example.com', password, passwordConfirm: 'something-else' }, status: 400, json: failedCreate({ passwordConfirm: { code: 'validation_values_mismatch', message: "Values don't match." } }) },
    { name: 'empty body → password and passwordConfirm required', method: 'POST', url, body: {}, status: 400, json: failedCreate({ password: { code: 'validation_required', message: 'Cannot be blank.' }, passwordConfirm: { code: 'validation_required', message: 'Cannot be blank.' } }) },
    { name: 'missing passwordConfirm is reported before the record fields', method: 'POST', url, body: { email: 'bad', password: 'short' }, status: 400, json: failedCreate({ passwordConfirm: { code: 'validation_required', message: 'Cannot be blank.' } }) },
    { name: 'short password → validation_min_text_constraint', method: 'POST', url, body: { email: 'new2@example.com', password: 'short', passwordConfirm: 'short' }, status: 400, json: failedCreate({ password: { code: 'validation_min_text_constraint', message: 'Must be at least 8 character(s).' } }) },
    { name: 'taken email → validation_not_unique', method: 'POST', url, body: { email: 'hidden@example.com', password, passwordConfirm: password }, status: 400, json: failedCreate({ email: { code: 'validation_not_unique', message: 'Value must be unique.' } }) },
    { name: 'guests cannot set verified → validation_values_mismatch', method: 'POST', url, body: { email: 'new3@example.com', password, passwordConfirm: password, verified: true }, status: 400, json: failedCreate({ verified: { code: 'validation_values_mismatch', message: "Values don't match." } }) },
    {
      name: 'success → 200 with the record, no email for the guest, never password or tokenKey',
      method: 'POST',
      url,
      body: { email: 'new4@example.com', password, passwordConfirm: password, name: 'New' },
      status: 200,
      notContains: ['password', 'tokenKey', '$2'],
      check: (b) => {
        assert.match(b.id, /^[a-z0-9]{15}$/);
        assert.deepEqual({ ...b, id: undefined }, { id: undefined, collectionId: collectionIds.users, collectionName: 'auth_users', emailVisibility: false, verified: false, name: 'New' }); // a guest is not the owner: no email
      },
    },
  ]);
});

describe('auth-with-password', () => {
  test('success → {token, record} with email, no secrets, a refreshable HS256 auth JWT', async () => {
    const res = await s.fetchJson('/api/collections/auth_users/auth-with-password', { method: 'POST', json: { identity: 'hidden@example.com', password } });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['record', 'token']);
    assert.deepEqual(res.body.record, { id: 'authuser0000001', collectionId: collectionIds.users, collectionName: 'auth_users', email: 'hidden@example.com', emailVisibility: false, verified: false, name: 'Hidden' });
    const [header] = res.body.token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    const claims = jwtClaims(res.body.token);
    assert.deepEqual(Object.keys(claims).sort(), ['collectionId', 'exp', 'id', 'refreshable', 'type']);
    assert.deepEqual([claims.type, claims.id, claims.collectionId, claims.refreshable], ['auth', 'authuser0000001', collectionIds.users, true]);
    const ttl = (claims.exp as number) - Date.now() / 1000;
    assert.ok(ttl > 432000 - 60 && ttl <= 432000 + 1, `exp in ${ttl}s`);
  });

  apiTable(server, tokens, [
    { name: 'wrong password → 400 Failed to authenticate.', method: 'POST', url: '/api/collections/auth_users/auth-with-password', body: { identity: 'hidden@example.com', password: 'wrong-password' }, status: 400, json: { status: 400, message: 'Failed to authenticate.', data: {} } },
    { name: 'unknown identity → 400 Failed to authenticate.', method: 'POST', url: '/api/collections/auth_users/auth-with-password', body: { identity: 'nobody@example.com', password }, status: 400, json: { status: 400, message: 'Failed to authenticate.', data: {} } },
    { name: 'empty body → 400 with identity/password required', method: 'POST', url: '/api/collections/auth_users/auth-with-password', body: {}, status: 400, json: { status: 400, message: 'An error occurred while validating the submitted data.', data: { identity: { code: 'validation_required', message: 'Cannot be blank.' }, password: { code: 'validation_required', message: 'Cannot be blank.' } } } },
    { name: 'a base collection → 404 Missing or invalid auth collection context.', method: 'POST', url: '/api/collections/auth_base/auth-with-password', body: { identity: 'a', password: 'b' }, status: 404, json: { status: 404, message: 'Missing or invalid auth collection context.', data: {} } },
  ]);

  test('the SDK recognises superusers and regular users', async () => {
    assert.equal(admin.authStore.isSuperuser, true);
    assert.equal(admin.authStore.isValid, true);
    assert.equal(admin.authStore.record?.email, superuserEmail);
    const claims = jwtClaims(admin.authStore.token);
    assert.deepEqual([claims.type, claims.collectionId, claims.refreshable], ['auth', 'pbc_3142635823', true]);
    const ttl = (claims.exp as number) - Date.now() / 1000;
    assert.ok(ttl > 86400 - 60 && ttl <= 86400 + 1, `superuser exp in ${ttl}s`);
    const user = await signIn('auth_users', 'shown@example.com');
    assert.equal(user.authStore.isSuperuser, false);
    assert.equal(user.authStore.isValid, true);
    assert.equal(user.authStore.record?.id, 'authuser0000002');
  });
});

describe('auth-refresh', () => {
  test('returns a new token and the record', async () => {
    const pb = await signIn('auth_users', 'shown@example.com');
    const old = pb.authStore.token;
    await new Promise((r) => setTimeout(r, 1100)); // exp has second precision: a new token needs a new second
    const res = await pb.collection('auth_users').authRefresh();
    assert.notEqual(res.token, old);
    assert.equal(pb.authStore.token, res.token);
    assert.deepEqual(res.record, { id: 'authuser0000002', collectionId: collectionIds.users, collectionName: 'auth_users', email: 'shown@example.com', emailVisibility: true, verified: false, name: 'Shown' });
    assert.equal(jwtClaims(res.token).refreshable, true);
    assert.ok((jwtClaims(res.token).exp as number) > (jwtClaims(old).exp as number));
  });

  apiTable(server, tokens, [
    { name: 'without a token → 401', method: 'POST', url: '/api/collections/auth_users/auth-refresh', status: 401, json: errors.unauthorized },
    { name: 'with a garbage token → 401', method: 'POST', url: '/api/collections/auth_users/auth-refresh', headers: { authorization: 'garbage.token.here' }, status: 401, json: errors.unauthorized },
    { name: 'with a token of another auth collection → 403', method: 'POST', url: '/api/collections/auth_private/auth-refresh', auth: 'shown', status: 403, json: { status: 403, message: 'The request requires auth record from auth_users collection.', data: {} } },
    { name: 'a user token against _superusers → 403', method: 'POST', url: '/api/collections/_superusers/auth-refresh', auth: 'shown', status: 403, json: { status: 403, message: 'The request requires auth record from auth_users collection.', data: {} } },
    { name: 'an unknown collection → 404', method: 'POST', url: '/api/collections/auth_nope/auth-refresh', auth: 'shown', status: 404, json: { status: 404, message: 'Missing or invalid collection context.', data: {} } },
    { name: 'superuser refresh → 200 with email', method: 'POST', url: '/api/collections/_superusers/auth-refresh', auth: 'admin', status: 200, match: { record: { email: superuserEmail, collectionName: '_superusers', collectionId: 'pbc_3142635823' } }, notContains: ['password', 'tokenKey'] },
  ]);
});

describe('Authorization header', () => {
  apiTable(server, tokens, [
    { name: 'raw token', url: '/api/collections', auth: 'admin', status: 200, match: { page: 1 } },
    { name: '"Bearer <token>" is accepted', url: '/api/collections', headers: { get authorization() { return `Bearer ${tokens.admin}`; } }, status: 200, match: { page: 1 } },
    { name: '"bearer <token>" is accepted case-insensitively', url: '/api/collections', headers: { get authorization() { return `bearer ${tokens.admin}`; } }, status: 200, match: { page: 1 } },
    { name: 'a garbage token on /api/health is ignored (200)', url: '/api/health', headers: { authorization: 'garbage' }, status: 200, json: { message: 'API is healthy.', code: 200, data: {} } },
    { name: 'a malformed JWT on /api/health is ignored (200)', url: '/api/health', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.bad' }, status: 200, json: { message: 'API is healthy.', code: 200, data: {} } },
    { name: 'a garbage token on a superuser route → 401', url: '/api/collections', headers: { authorization: 'garbage' }, status: 401, json: errors.unauthorized },
  ]);
});

describe('token invalidation', () => {
  const me = '/api/collections/auth_private/records/authpriv0000001';
  const change = { password: 'new-pass-4567', passwordConfirm: 'new-pass-4567' };
  const failedUpdate = (data: unknown) => ({ status: 400, message: 'Failed to update record.', data });
  apiTable(server, tokens, [
    { name: 'own password change without oldPassword → validation_required', method: 'PATCH', url: me, auth: 'private', body: change, status: 400, json: failedUpdate({ oldPassword: { code: 'validation_required', message: 'Cannot be blank.' } }) },
    { name: 'own password change with a wrong oldPassword → validation_invalid_old_password', method: 'PATCH', url: me, auth: 'private', body: { ...change, oldPassword: 'wrong-pass-000' }, status: 400, json: failedUpdate({ oldPassword: { code: 'validation_invalid_old_password', message: 'Missing or invalid old password.' } }) },
    { name: 'failed password changes keep the token valid', url: me + '?fields=id', auth: 'private', status: 200, json: { id: 'authpriv0000001' } },
  ]);

  test('after a password change (with oldPassword) the old token is a guest token', async () => {
    const pb = await signIn('auth_private', 'private@example.com');
    const old = pb.authStore.token;
    assert.equal((await s.fetchJson(me, { token: old })).status, 200);

    const ok = await s.fetchJson(me, { method: 'PATCH', token: old, json: { password: 'new-pass-4567', passwordConfirm: 'new-pass-4567', oldPassword: password } });
    assert.equal(ok.status, 200);
    assert.ok(!('password' in ok.body) && !('tokenKey' in ok.body));

    const view = await s.fetchJson(me, { token: old });
    assert.deepEqual([view.status, view.body], [404, errors.notFound]);
    const list = await s.fetchJson('/api/collections/auth_private/records', { token: old });
    assert.deepEqual([list.status, list.body.totalItems], [200, 0]);
    const refresh = await s.fetchJson('/api/collections/auth_private/auth-refresh', { method: 'POST', token: old });
    assert.deepEqual([refresh.status, refresh.body], [401, errors.unauthorized]);

    await assert.rejects(signIn('auth_private', 'private@example.com'), (e: any) => e.status === 400);
    const fresh = await signIn('auth_private', 'private@example.com', 'new-pass-4567');
    assert.equal((await s.fetchJson(me, { token: fresh.authStore.token })).status, 200);
  });
});

describe('email visibility and secrets', () => {
  const byId = (items: any[]) => Object.fromEntries(items.map((r) => [r.id, r]));
  const list = async (token?: string) => (await s.fetchJson('/api/collections/auth_users/records?sort=id&filter=' + encodeURIComponent('id ~ "authuser"'), { token })).body.items;

  test('guests see email only where emailVisibility is on', async () => {
    const rows = byId(await list());
    assert.ok(!('email' in rows.authuser0000001));
    assert.equal(rows.authuser0000002.email, 'shown@example.com');
    assert.deepEqual(Object.keys(rows.authuser0000001).sort(), ['collectionId', 'collectionName', 'emailVisibility', 'id', 'name', 'verified']);
  });

  test('a user sees its own email and visible ones, not hidden ones of others', async () => {
    const asHidden = byId(await list(tokens.hidden));
    assert.equal(asHidden.authuser0000001.email, 'hidden@example.com');
    assert.equal(asHidden.authuser0000002.email, 'shown@example.com');
    const asShown = byId(await list(tokens.shown));
    assert.ok(!('email' in asShown.authuser0000001));
    const one = await s.fetchJson('/api/collections/auth_users/records/authuser0000001', { token: tokens.shown });
    assert.ok(!('email' in one.body));
  });

  test('superusers see every email; nobody ever gets password or tokenKey', async () => {
    const res = await s.fetchJson('/api/collections/auth_users/records?perPage=100', { token: tokens.admin });
    assert.equal(res.status, 200);
    for (const r of res.body.items) {
      assert.ok(typeof r.email === 'string' && r.email.includes('@'));
      assert.ok(!('password' in r) && !('tokenKey' in r), JSON.stringify(r));
    }
    const su = await s.fetchJson('/api/collections/_superusers/records', { token: tokens.admin });
    assert.doesNotMatch(JSON.stringify(su.body), /"(password|tokenKey)"/);
    const fields = await s.fetchJson('/api/collections/auth_users/records?fields=password,tokenKey,id', { token: tokens.admin });
    assert.doesNotMatch(JSON.stringify(fields.body), /"(password|tokenKey)"/);
  });

  test('filtering by a hidden field is refused for non-superusers', async () => {
    const res = await s.fetchJson('/api/collections/auth_users/records?filter=' + encodeURIComponent('tokenKey != ""'));
    assert.deepEqual([res.status, res.body], [400, errors.badRequest]);
  });
});

describe('superusers', () => {
  apiTable(server, tokens, [
    { name: '_superusers records are superuser-only', url: '/api/collections/_superusers/records', auth: 'shown', status: 403, json: errors.superusersOnly },
    { name: 'superuser wrong password → 400', method: 'POST', url: '/api/collections/_superusers/auth-with-password', body: { identity: superuserEmail, password: 'nope-nope-nope' }, status: 400, json: { status: 400, message: 'Failed to authenticate.', data: {} } },
  ]);

  test('the last superuser cannot be deleted', async () => {
    const me = admin.authStore.record!.id;
    const res = await s.fetchJson(`/api/collections/_superusers/records/${me}`, { method: 'DELETE', token: tokens.admin });
    assert.deepEqual([res.status, res.body], [400, { status: 400, message: "You can't delete the only existing superuser.", data: {} }]);
    const second = await admin.collection('_superusers').create({ email: 'second@example.com', password: superuserPassword, passwordConfirm: superuserPassword });
    assert.equal(second.verified, true);
    const del = await s.fetchJson(`/api/collections/_superusers/records/${second.id}`, { method: 'DELETE', token: tokens.admin });
    assert.equal(del.status, 204);
    const again = await s.fetchJson(`/api/collections/_superusers/records/${me}`, { method: 'DELETE', token: tokens.admin });
    assert.equal(again.status, 400);
  });
});
