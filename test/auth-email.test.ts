import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { startMailServer, tokenFromMail, type MailServer } from './mail-server.js';

let s: TestServer;
let admin: PocketBase;
let mail: MailServer;
const pw = 'password123';

before(async () => {
  s = await startServer();
  admin = await s.admin();
  mail = await startMailServer();
  await mail.configure(admin);
});

after(async () => {
  await s.stop();
  await mail.close();
});

async function signUp(email: string, extra: Record<string, unknown> = {}) {
  const pb = s.client();
  const record = await pb.collection('users').create({ email, password: pw, passwordConfirm: pw, ...extra });
  await pb.collection('users').authWithPassword(email, pw);
  return { pb, record };
}

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, String(err));
    return err;
  }
  assert.fail('expected the request to fail');
}

/** Runs `action` and checks that no mail to `to` arrives for a while after it. */
const noMailAfter = async (to: string, action: () => Promise<unknown>, ms = 300) => {
  const count = () => mail.messages.filter((m) => m.to.includes(to)).length;
  const before = count();
  await action();
  await new Promise((r) => setTimeout(r, ms));
  assert.equal(count(), before);
};

test('auth-methods, sign-up through the records API, identity fields, auth-refresh', async () => {
  const methods = await s.client().collection('users').listAuthMethods();
  assert.deepEqual(methods.password, { enabled: true, identityFields: ['email'] });
  assert.deepEqual(methods.oauth2, { enabled: false, providers: [] });
  assert.deepEqual(methods.otp, { enabled: false, duration: 0 });
  assert.deepEqual(methods.mfa, { enabled: false, duration: 0 });

  await admin.collections.update('users', {
    fields: [...(await admin.collections.getOne('users')).fields, { name: 'username', type: 'text', max: 50 }],
    indexes: [...(await admin.collections.getOne('users')).indexes, "CREATE UNIQUE INDEX idx_users_username ON users (username COLLATE NOCASE) WHERE username != ''"],
    passwordAuth: { enabled: true, identityFields: ['email', 'username'] },
  });
  const { record } = await signUp('ann@example.com', { username: 'ann' });
  assert.equal(record.verified, false);

  const pb = s.client();
  // the username index is COLLATE NOCASE, so the identity is case-insensitive
  const byName = await pb.collection('users').authWithPassword('ANN', pw);
  assert.equal(byName.record.id, record.id);
  const forced = await failure(pb.collection('users').authWithPassword('ann', pw, { body: { identityField: 'email' } }));
  assert.equal(forced.status, 400);
  // the SDK asks only for the current keys; the legacy ones are there for older clients
  assert.equal((await s.fetchJson('/api/collections/users/auth-methods')).body.usernamePassword, true);

  const first = pb.authStore.token;
  await new Promise((r) => setTimeout(r, 1100)); // a new exp second makes a different token
  const refreshed = await pb.collection('users').authRefresh();
  assert.notEqual(refreshed.token, first);
  assert.equal(refreshed.record.email, 'ann@example.com');
});

test('verification: the emailed token verifies the record; requests are silent and throttled', async () => {
  const { record } = await signUp('vera@example.com');
  const guest = s.client();
  assert.equal(await guest.collection('users').requestVerification('vera@example.com'), true);
  const m = await mail.take('vera@example.com');
  assert.equal(m.subject, 'Verify your Plinth Test email');
  assert.equal(m.from, 'support@example.test');
  assert.match(m.raw, /From: Plinth Support <support@example\.test>/);
  assert.match(m.html, /http:\/\/app\.example\.test\/_\/#\/auth\/confirm-verification\//);
  assert.match(m.text, /confirm-verification/);
  const token = tokenFromMail(m);
  const claims = decodeJwt(token);
  assert.equal(claims.type, 'verification');
  assert.equal(claims.email, 'vera@example.com');
  assert.ok(Math.abs(Number(claims.exp) - Date.now() / 1000 - 86400) < 60);

  // a second request inside the resend window sends nothing, and still answers 204
  await noMailAfter('vera@example.com', async () => assert.equal(await guest.collection('users').requestVerification('vera@example.com'), true));
  // unknown addresses look the same
  assert.equal(await guest.collection('users').requestVerification('nobody@example.com'), true);

  // a verification token is not a password reset token
  const wrongType = await failure(guest.collection('users').confirmPasswordReset(token, 'whatever123', 'whatever123'));
  assert.equal(wrongType.response.data.token.code, 'validation_invalid_token');

  assert.equal(await guest.collection('users').confirmVerification(token), true);
  assert.equal((await admin.collection('users').getOne(record.id)).verified, true);
  // verified records get no more mail
  await noMailAfter('vera@example.com', () => guest.collection('users').requestVerification('vera@example.com'));

  const bad = await failure(guest.collection('users').confirmVerification('not-a-token'));
  assert.equal(bad.status, 400);
  assert.equal(bad.response.data.token.code, 'validation_invalid_token_claims');
  const su = await failure(guest.collection('_superusers').requestVerification('root@example.com'));
  assert.equal(su.response.message, 'All superusers are verified by default.');
  const invalid = await failure(guest.collection('users').requestVerification('not-an-email'));
  assert.equal(invalid.response.data.email.code, 'validation_is_email');
});

test('templates: per-collection subject and body with placeholders, visible fields only', async () => {
  await admin.collections.update('users', {
    verificationTemplate: {
      subject: 'Welcome {RECORD:name} to {APP_NAME}',
      body: '<p>Hi {RECORD:name} ({RECORD:email}) [{RECORD:password}]</p><p><a href="{APP_URL}/verify?t={TOKEN}">go</a></p>',
    },
  });
  try {
    await signUp('tim@example.com', { name: 'Tim <b>' });
    await s.client().collection('users').requestVerification('tim@example.com');
    const m = await mail.take('tim@example.com');
    assert.equal(m.subject, 'Welcome Tim &lt;b&gt; to Plinth Test');
    assert.match(m.html, /Hi Tim &lt;b&gt; \(tim@example\.com\) \[\{RECORD:password\}\]/);
    const token = /verify\?t=([\w.-]+)"/.exec(m.html)?.[1];
    assert.ok(token);
    assert.match(m.html, /href="http:\/\/app\.example\.test\/verify\?t=/);
    assert.equal(await s.client().collection('users').confirmVerification(token!), true);
  } finally {
    const defaults = (await admin.collections.getScaffolds()).auth as any;
    await admin.collections.update('users', { verificationTemplate: defaults.verificationTemplate });
  }
});

test('password reset: the token sets a new password once and signs out older sessions', async () => {
  const { pb, record } = await signUp('rita@example.com');
  await admin.collections.update('users', { passwordResetToken: { duration: 600 } });
  const guest = s.client();
  assert.equal(await guest.collection('users').requestPasswordReset('rita@example.com'), true);
  const m = await mail.take('rita@example.com');
  assert.equal(m.subject, 'Reset your Plinth Test password');
  const token = tokenFromMail(m);
  const claims = decodeJwt(token);
  assert.equal(claims.type, 'passwordReset');
  assert.ok(Math.abs(Number(claims.exp) - Date.now() / 1000 - 600) < 60);

  const mismatch = await failure(guest.collection('users').confirmPasswordReset(token, 'newpass123', 'other12345'));
  assert.equal(mismatch.response.data.passwordConfirm.code, 'validation_values_mismatch');
  const short = await failure(guest.collection('users').confirmPasswordReset(token, 'short', 'short'));
  assert.equal(short.response.data.password.code, 'validation_length_out_of_range');

  assert.equal(await guest.collection('users').confirmPasswordReset(token, 'newpass123', 'newpass123'), true);
  // the record's email received the token, so it is now verified
  assert.equal((await admin.collection('users').getOne(record.id)).verified, true);
  await guest.collection('users').authWithPassword('rita@example.com', 'newpass123');
  const old = await failure(s.client().collection('users').authWithPassword('rita@example.com', pw));
  assert.equal(old.status, 400);
  // the password change killed the session opened before it
  const stale = await failure(pb.collection('users').authRefresh());
  assert.equal(stale.status, 401);
  // and the reset token itself
  const reused = await failure(s.client().collection('users').confirmPasswordReset(token, 'again12345', 'again12345'));
  assert.equal(reused.response.data.token.code, 'validation_invalid_token');

  const disabled = await admin.collections.create({ name: 'nopw', type: 'auth', passwordAuth: { enabled: false }, otp: { enabled: true } });
  const refused = await failure(s.client().collection('nopw').requestPasswordReset('a@example.com'));
  assert.equal(refused.status, 400);
  assert.equal(refused.response.message, 'The collection is not configured to allow password authentication.');
  await admin.collections.delete(disabled.id);
});

test('email change: confirmation goes to the new address and needs the current password', async () => {
  const { pb, record } = await signUp('eve@example.com');
  await signUp('taken@example.com');
  const unauth = await failure(s.client().collection('users').requestEmailChange('eve2@example.com'));
  assert.equal(unauth.status, 401);
  const taken = await failure(pb.collection('users').requestEmailChange('taken@example.com'));
  assert.equal(taken.response.data.newEmail.code, 'validation_invalid_new_email');
  const same = await failure(pb.collection('users').requestEmailChange('eve@example.com'));
  assert.equal(same.response.data.newEmail.code, 'validation_not_in_invalid');

  assert.equal(await pb.collection('users').requestEmailChange('eve2@example.com'), true);
  const m = await mail.take('eve2@example.com');
  assert.equal(m.subject, 'Confirm your Plinth Test new email address');
  const token = tokenFromMail(m);
  assert.equal(decodeJwt(token).newEmail, 'eve2@example.com');

  const wrong = await failure(s.client().collection('users').confirmEmailChange(token, 'not-the-password'));
  assert.equal(wrong.response.data.password.code, 'validation_invalid_password');
  assert.equal(await s.client().collection('users').confirmEmailChange(token, pw), true);

  const after = await admin.collection('users').getOne(record.id);
  assert.equal(after.email, 'eve2@example.com');
  assert.equal(after.verified, true);
  await s.client().collection('users').authWithPassword('eve2@example.com', pw);
  assert.equal((await failure(pb.collection('users').authRefresh())).status, 401);
  const reused = await failure(s.client().collection('users').confirmEmailChange(token, pw));
  assert.equal(reused.status, 400);

  const otherCollection = await failure(admin.collection('users').requestEmailChange('x@example.com'));
  assert.equal(otherCollection.status, 403);
  assert.equal(otherCollection.response.message, 'The request requires auth record from _superusers collection.');
});

test('a failing SMTP server: silent requests stay 204, email change reports the failure', async () => {
  const { pb } = await signUp('fail@example.com');
  await admin.settings.update({ smtp: { enabled: true, host: '127.0.0.1', port: 1, tls: false } });
  try {
    assert.equal(await s.client().collection('users').requestVerification('fail@example.com'), true);
    const err = await failure(pb.collection('users').requestEmailChange('fail2@example.com'));
    assert.equal(err.status, 400);
    assert.equal(err.response.message, 'Failed to request email change.');
  } finally {
    await mail.configure(admin);
  }
});

test('settings test email renders a template for a made-up record', async () => {
  assert.equal(await admin.settings.testEmail('users', 'check@example.com', 'otp'), true);
  const m = await mail.take('check@example.com');
  assert.equal(m.subject, 'OTP for Plinth Test');
  assert.match(m.html, /<strong>123456<\/strong>/);
  assert.equal(await admin.settings.testEmail('', 'check@example.com', 'password-reset'), true);
  assert.match((await mail.take('check@example.com')).html, /confirm-password-reset\//);
  const bad = await failure(admin.settings.testEmail('posts', 'nope', 'other'));
  assert.equal(bad.response.message, 'Failed to send the test email.');
  assert.deepEqual(Object.keys(bad.response.data).sort(), ['collection', 'email', 'template']);
  assert.equal((await failure(s.client().settings.testEmail('users', 'check@example.com', 'otp'))).status, 401);
});
