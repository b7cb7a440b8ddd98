import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
let admin: PocketBase;
const pw = 'password123';

before(async () => {
  s = await startServer();
  admin = await s.admin();
});

after(async () => s.stop());

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, String(err));
    return err;
  }
  assert.fail('expected the request to fail');
}

test('impersonation: a superuser gets a non-refreshable token for a record', async () => {
  const user = await admin.collection('users').create({ email: 'imp@example.com', password: pw, passwordConfirm: pw });
  const as = await admin.collection('users').impersonate(user.id, 3600);
  const claims = decodeJwt(as.authStore.token);
  assert.equal(claims.id, user.id);
  assert.equal(claims.refreshable, false);
  assert.ok(Math.abs(Number(claims.exp) - Date.now() / 1000 - 3600) < 60);
  assert.equal(as.authStore.record?.email, 'imp@example.com');
  // it acts as the user (the users list rule is `id = @request.auth.id`)
  const mine = await as.collection('users').getFullList();
  assert.deepEqual(mine.map((r) => r.id), [user.id]);
  // refresh echoes the same token back instead of extending it
  const refreshed = await as.collection('users').authRefresh();
  assert.equal(refreshed.token, as.authStore.token);

  const dflt = await admin.collection('users').impersonate(user.id, 0);
  assert.ok(Math.abs(Number(decodeJwt(dflt.authStore.token).exp) - Date.now() / 1000 - 432000) < 60, 'collection authToken duration');

  const pb = s.client();
  await pb.collection('users').authWithPassword('imp@example.com', pw);
  assert.equal((await failure(pb.collection('users').impersonate(user.id, 10))).status, 403);
  assert.equal((await failure(s.client().collection('users').impersonate(user.id, 10))).status, 401);
  assert.equal((await failure(admin.collection('users').impersonate('missing', 10))).status, 404);
  const negative = await failure(admin.collection('users').impersonate(user.id, -1));
  assert.equal(negative.response.data.duration.code, 'validation_min_greater_equal_than_required');
});

test('rate limits: collection tags, path labels, audiences, excluded IPs; superusers are exempt', async () => {
  await admin.collection('users').create({ email: 'rl@example.com', password: pw, passwordConfirm: pw });
  const rule = (label: string, maxRequests: number, audience = '') => ({ label, audience, duration: 60, maxRequests });
  await admin.settings.update({ rateLimits: { enabled: true, excludedIPs: [], rules: [rule('users:authWithPassword', 2), rule('*:listAuthMethods', 1, '@auth'), rule('/api/health', 3)] } });
  try {
    const guest = s.client();
    await guest.collection('users').authWithPassword('rl@example.com', pw);
    await failure(guest.collection('users').authWithPassword('rl@example.com', 'wrong-password'));
    const limited = await failure(guest.collection('users').authWithPassword('rl@example.com', pw));
    assert.equal(limited.status, 429);
    assert.equal(limited.response.message, 'Too Many Requests.');

    // the @auth rule leaves guests alone and limits signed-in callers
    for (let i = 0; i < 3; i++) await s.client().collection('users').listAuthMethods();
    const signedIn = s.client();
    signedIn.authStore.save(guest.authStore.token, guest.authStore.record);
    await signedIn.collection('users').listAuthMethods();
    assert.equal((await failure(signedIn.collection('users').listAuthMethods())).status, 429);

    // a plain path label applies to routes outside collections
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.fetchJson('/api/health')).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);

    // superusers are never limited
    for (let i = 0; i < 4; i++) assert.equal((await admin.health.check()).code, 200);

    await admin.settings.update({ rateLimits: { excludedIPs: ['127.0.0.0/8'] } });
    await s.client().collection('users').authWithPassword('rl@example.com', pw);
  } finally {
    await admin.settings.update({ rateLimits: { enabled: false, excludedIPs: [] } });
  }
});

test('auth routes: unknown collections, non-auth collections, malformed bodies', async () => {
  const post = (path: string, body: string) => s.fetchJson(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  for (const route of ['auth-refresh', 'request-otp', 'request-verification', 'confirm-email-change', 'auth-with-oauth2']) {
    const r = await post(`/api/collections/nope/${route}`, '{}');
    assert.deepEqual([r.status, r.body.message], [404, 'Missing or invalid collection context.'], route);
  }
  const notAuth = await post('/api/collections/_otps/request-otp', '{}');
  assert.deepEqual([notAuth.status, notAuth.body.message], [404, 'Missing or invalid auth collection context.']);
  for (const route of ['request-verification', 'confirm-password-reset', 'request-otp', 'auth-with-otp', 'confirm-email-change']) {
    const r = await post(`/api/collections/users/${route}`, '{bad');
    assert.deepEqual([r.status, r.body.message], [400, 'An error occurred while loading the submitted data.'], route);
  }
});
