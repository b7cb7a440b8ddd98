import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { startOidcServer, type OidcServer } from './oidc-server.js';

// Node 20 has no EventSource; the SDK's realtime OAuth2 flow uses the global one.
(globalThis as any).EventSource ??= EventSource;

let s: TestServer;
let admin: PocketBase;
let oidc: OidcServer;
const appRedirect = 'http://app.example.test/oauth2-callback';

before(async () => {
  s = await startServer();
  admin = await s.admin();
  oidc = await startOidcServer([appRedirect, `${s.url}/api/oauth2-redirect`]);
  oidc.accounts.set('acc-ann', { email: 'ann@example.com', email_verified: true, name: 'Ann Example', preferred_username: 'ann' });
  oidc.accounts.set('acc-bob', { email: 'bob@example.com', email_verified: true, name: 'Bob Example' });
  oidc.accounts.set('acc-cid', { email: 'cid@example.com', email_verified: false, name: 'Cid Unverified' });
  oidc.accounts.set('acc-rt', { email: 'rt@example.com', email_verified: true, name: 'Realtime Flow' });
  await admin.collections.update('users', { oauth2: { enabled: true, providers: [oidc.providerConfig()] } });
});

after(async () => {
  await s.stop();
  await oidc.close();
});

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, String(err));
    return err;
  }
  assert.fail('expected the request to fail');
}

/** auth-methods → provider page (login + consent) → the code the provider hands the app. */
async function codeFor(pb: PocketBase, accountId: string) {
  const methods = await pb.collection('users').listAuthMethods();
  const provider = methods.oauth2.providers.find((p) => p.name === 'oidc')!;
  const back = await oidc.browse(provider.authURL + encodeURIComponent(appRedirect), accountId, appRedirect);
  assert.equal(back.searchParams.get('state'), provider.state);
  return { code: back.searchParams.get('code')!, verifier: provider.codeVerifier };
}

test('auth-methods lists the provider with state, PKCE and an authURL ready for redirect_uri', async () => {
  const methods = await s.client().collection('users').listAuthMethods();
  assert.equal(methods.oauth2.enabled, true);
  const [p] = methods.oauth2.providers;
  assert.equal(p.name, 'oidc');
  assert.equal(p.displayName, 'OIDC');
  assert.equal(p.state.length, 30);
  assert.equal(p.codeVerifier.length, 43);
  assert.equal(p.codeChallengeMethod, 'S256');
  assert.ok(p.authURL.startsWith(`${oidc.issuer}/auth?client_id=${oidc.clientId}&code_challenge=${p.codeChallenge}&code_challenge_method=S256&response_type=code&scope=openid+email+profile&state=${p.state}`));
  assert.ok(p.authURL.endsWith('&redirect_uri='));
  const raw = await s.fetchJson('/api/collections/users/auth-methods');
  assert.equal(raw.body.authProviders.length, 1);
});

test('first sign-in creates the record from createData and the provider user; the next finds it', async () => {
  const pb = s.client();
  const { code, verifier } = await codeFor(pb, 'acc-ann');
  const first = await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, appRedirect, { emailVisibility: true });
  assert.equal(first.meta?.isNew, true);
  assert.equal(first.meta?.id, 'acc-ann');
  assert.equal(first.meta?.email, 'ann@example.com');
  assert.equal(first.meta?.username, 'ann');
  assert.ok(first.meta?.accessToken);
  assert.equal(first.record.email, 'ann@example.com');
  assert.equal(first.record.name, 'Ann Example', 'mapped from the provider name');
  assert.equal(first.record.emailVisibility, true, 'from createData');
  assert.equal(first.record.verified, true);
  const links = await admin.collection('_externalAuths').getFullList({ filter: `recordRef = "${first.record.id}"` });
  assert.equal(links.length, 1);
  assert.equal(links[0].provider, 'oidc');
  assert.equal(links[0].providerId, 'acc-ann');

  const again = s.client();
  const next = await codeFor(again, 'acc-ann');
  const second = await again.collection('users').authWithOAuth2Code('oidc', next.code, next.verifier, appRedirect);
  assert.equal(second.meta?.isNew, false);
  assert.equal(second.record.id, first.record.id);
  // a code is good once
  const reused = await failure(s.client().collection('users').authWithOAuth2Code('oidc', next.code, next.verifier, appRedirect));
  assert.equal(reused.response.message, 'Failed to fetch OAuth2 token.');
});

test('an existing unverified user with the same email is linked, verified, and its password reset', async () => {
  const bob = await admin.collection('users').create({ email: 'bob@example.com', password: 'squatter123', passwordConfirm: 'squatter123' });
  const pb = s.client();
  const { code, verifier } = await codeFor(pb, 'acc-bob');
  const res = await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, appRedirect);
  assert.equal(res.record.id, bob.id);
  assert.equal(res.meta?.isNew, false);
  assert.equal(res.record.verified, true);
  const old = await failure(s.client().collection('users').authWithPassword('bob@example.com', 'squatter123'));
  assert.equal(old.status, 400);
});

test('a signed-in user links a provider whose email is not verified', async () => {
  const user = await admin.collection('users').create({ email: 'me@example.com', password: 'password123', passwordConfirm: 'password123', verified: true });
  const pb = s.client();
  await pb.collection('users').authWithPassword('me@example.com', 'password123');
  const { code, verifier } = await codeFor(pb, 'acc-cid');
  const res = await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, appRedirect);
  assert.equal(res.record.id, user.id);
  assert.equal(res.meta?.email, '', 'unverified provider emails are not trusted');
  const links = await pb.collection('_externalAuths').getFullList();
  assert.deepEqual(links.map((l) => l.providerId), ['acc-cid']);
});

test('the realtime flow: /api/oauth2-redirect relays the code to the SDK, which completes sign-in', async () => {
  const pb = s.client();
  let landed = '';
  const res = await pb.collection('users').authWithOAuth2({
    provider: 'oidc',
    urlCallback: async (url) => {
      // The SDK built the URL: its redirect_uri is /api/oauth2-redirect, its state the realtime client id.
      const back = await oidc.browse(url, 'acc-rt', `${s.url}/api/oauth2-redirect`);
      const page = await fetch(back);
      landed = `${page.status} ${await page.text()}`;
    },
  });
  assert.equal(landed, '200 Auth completed. You can close this window and go back to the app.');
  assert.equal(res.record.email, 'rt@example.com');
  assert.equal(res.meta?.isNew, true);
  assert.ok(pb.authStore.isValid);
  pb.realtime.unsubscribe();
});

test('bad input: unknown provider, missing code, bad redirect, disabled collection', async () => {
  const pb = s.client();
  const bad = await failure(pb.collection('users').authWithOAuth2Code('nope', '', '', appRedirect));
  assert.equal(bad.status, 400);
  assert.equal(bad.response.data.provider.code, 'validation_invalid_provider');
  assert.equal(bad.response.data.code.code, 'validation_required');
  const token = await failure(pb.collection('users').authWithOAuth2Code('oidc', 'not-a-code', 'x', appRedirect));
  assert.equal(token.response.message, 'Failed to fetch OAuth2 token.');
  const off = await failure(pb.collection('_superusers').authWithOAuth2Code('oidc', 'c', 'v', appRedirect));
  assert.equal(off.status, 403);
  const page = await fetch(`${s.url}/api/oauth2-redirect?state=nobody&code=x`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /^Failed to authenticate/);
});
