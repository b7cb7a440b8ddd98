import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { startMailServer, type MailServer } from './mail-server.js';

let s: TestServer;
let admin: PocketBase;
let mail: MailServer;
const pw = 'password123';

before(async () => {
  s = await startServer();
  admin = await s.admin();
  mail = await startMailServer();
  await mail.configure(admin);
  await admin.collections.create({ name: 'members', type: 'auth', createRule: '', otp: { enabled: true, length: 6 } });
  await admin.collections.create({ name: 'guarded', type: 'auth', createRule: '', otp: { enabled: true }, mfa: { enabled: true } });
});

after(async () => {
  await s.stop();
  await mail.close();
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

async function member(collection: string, email: string, extra: Record<string, unknown> = {}) {
  return admin.collection(collection).create({ email, password: pw, passwordConfirm: pw, ...extra });
}

async function otpCode(to: string): Promise<string> {
  const m = await mail.take(to);
  const code = /<strong>(\d+)<\/strong>/.exec(m.html)?.[1];
  assert.ok(code, m.html);
  return code;
}

const otpRows = (recordId: string) => admin.collection('_otps').getFullList({ filter: `recordRef = "${recordId}"` });

test('OTP: the mailed code signs in once, verifies the address, and expires', async () => {
  const rec = await member('members', 'otto@example.com');
  const pb = s.client();
  const { otpId } = await pb.collection('members').requestOTP('otto@example.com');
  assert.equal(otpId.length, 15);
  const m = await mail.take('otto@example.com');
  assert.equal(m.subject, 'OTP for Plinth Test');
  const code = /<strong>(\d+)<\/strong>/.exec(m.html)![1];
  assert.equal(code.length, 6);
  // the code is stored hashed, with where it was sent
  const [row] = await otpRows(rec.id);
  assert.equal(row.id, otpId);
  assert.notEqual(row.password, code);

  const wrong = await failure(pb.collection('members').authWithOTP(otpId, '000000' === code ? '111111' : '000000'));
  assert.equal(wrong.status, 400);
  assert.equal(wrong.response.message, 'Invalid or expired OTP.');

  const auth = await pb.collection('members').authWithOTP(otpId, code);
  assert.equal(auth.record.id, rec.id);
  assert.equal(auth.record.verified, true, 'the code reached the address on record');
  // with OTP alone (no MFA) the old password no longer works
  assert.equal((await failure(s.client().collection('members').authWithPassword('otto@example.com', pw))).status, 400);
  assert.equal((await otpRows(rec.id)).length, 0, 'the OTP is consumed');
  const again = await failure(pb.collection('members').authWithOTP(otpId, code));
  assert.equal(again.response.message, 'Invalid or expired OTP.');

  // expired: older than otp.duration
  const second = await pb.collection('members').requestOTP('otto@example.com');
  const code2 = await otpCode('otto@example.com');
  // the server records `sentTo` after the mail went out; backdating before that write would race it
  for (let i = 0; i < 100 && !(await otpRows(rec.id)).some((o) => o.id === second.otpId && o.sentTo); i++) await new Promise((r) => setTimeout(r, 20));
  await s.app.store.run(`UPDATE _otps SET created = '2000-01-01 00:00:00.000Z' WHERE id = ?`, [second.otpId]);
  const expired = await failure(pb.collection('members').authWithOTP(second.otpId, code2));
  assert.equal(expired.response.message, 'Invalid or expired OTP.');
});

test('OTP: unknown addresses get a random id and no mail; disabled collections refuse', async () => {
  const before = mail.messages.length;
  const { otpId } = await s.client().collection('members').requestOTP('ghost@example.com');
  assert.equal(otpId.length, 15);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mail.messages.length, before);
  assert.equal((await failure(s.client().collection('members').authWithOTP(otpId, '123456'))).status, 400);
  const off = await failure(s.client().collection('users').requestOTP('x@example.com'));
  assert.equal(off.status, 403);
  assert.equal(off.response.message, 'The collection is not configured to allow OTP authentication.');
  const blank = await failure(s.client().collection('members').authWithOTP('', ''));
  assert.deepEqual(Object.keys(blank.response.data).sort(), ['otpId', 'password']);
});

test('OTP: guessing is limited per record', async () => {
  await member('members', 'guess@example.com');
  const pb = s.client();
  const { otpId } = await pb.collection('members').requestOTP('guess@example.com');
  const code = await otpCode('guess@example.com');
  const wrong = code === '999999' ? '888888' : '999999';
  for (let i = 0; i < 5; i++) assert.equal((await failure(pb.collection('members').authWithOTP(otpId, wrong))).status, 400);
  const limited = await failure(pb.collection('members').authWithOTP(otpId, code));
  assert.equal(limited.status, 429);
  assert.equal(limited.response.message, 'Too many attempts, please try again later with a new OTP.');
});

test('MFA: a first factor answers 401 with mfaId; a different second factor completes it', async () => {
  const rec = await member('guarded', 'mia@example.com', { verified: true });
  const pb = s.client();
  const first = await failure(pb.collection('guarded').authWithPassword('mia@example.com', pw));
  assert.equal(first.status, 401);
  const mfaId = first.response.mfaId as string;
  assert.deepEqual(Object.keys(first.response), ['mfaId']);
  const [session] = await admin.collection('_mfas').getFullList({ filter: `recordRef = "${rec.id}"` });
  assert.equal(session.id, mfaId);
  assert.equal(session.method, 'password');

  const same = await failure(pb.collection('guarded').authWithPassword('mia@example.com', pw, { mfaId }));
  assert.equal(same.response.message, 'A different authentication method is required.');
  const unknown = await failure(pb.collection('guarded').authWithPassword('mia@example.com', pw, { mfaId: 'nope' }));
  assert.equal(unknown.response.message, 'Invalid or expired MFA session.');

  const { otpId } = await pb.collection('guarded').requestOTP('mia@example.com');
  const code = await otpCode('mia@example.com');
  const done = await pb.collection('guarded').authWithOTP(otpId, code, { mfaId });
  assert.equal(done.record.id, rec.id);
  assert.ok(pb.authStore.isValid);
  assert.equal((await admin.collection('_mfas').getFullList({ filter: `recordRef = "${rec.id}"` })).length, 0);
  // with MFA on, the password survives the OTP sign-in
  const again = await failure(s.client().collection('guarded').authWithPassword('mia@example.com', pw));
  assert.equal(again.status, 401);
  // refresh is not a sign-in: no second factor asked
  assert.equal((await pb.collection('guarded').authRefresh()).record.id, rec.id);
});

test('MFA: the session belongs to one record, and the rule decides who needs it', async () => {
  await member('guarded', 'one@example.com');
  await member('guarded', 'two@example.com');
  const first = await failure(s.client().collection('guarded').authWithPassword('one@example.com', pw));
  const pb = s.client();
  const { otpId } = await pb.collection('guarded').requestOTP('two@example.com');
  const code = await otpCode('two@example.com');
  const other = await failure(pb.collection('guarded').authWithOTP(otpId, code, { mfaId: first.response.mfaId }));
  assert.equal(other.response.message, 'Invalid MFA session.');

  await admin.collections.update('guarded', { mfa: { enabled: true, rule: "email = 'one@example.com'" } });
  try {
    const methods = await s.client().collection('guarded').listAuthMethods();
    assert.deepEqual(methods.mfa, { enabled: true, duration: 600 });
    await s.client().collection('guarded').authWithPassword('two@example.com', pw);
    assert.equal((await failure(s.client().collection('guarded').authWithPassword('one@example.com', pw))).status, 401);
  } finally {
    await admin.collections.update('guarded', { mfa: { enabled: true, rule: '' } });
  }
});

test('side tables follow their record: new password, deletion, hourly cleanup', async () => {
  const rec = await member('guarded', 'side@example.com');
  const first = await failure(s.client().collection('guarded').authWithPassword('side@example.com', pw));
  await s.client().collection('guarded').requestOTP('side@example.com');
  await otpCode('side@example.com');
  const mfas = () => admin.collection('_mfas').getFullList({ filter: `recordRef = "${rec.id}"` });
  assert.equal((await mfas()).length, 1);
  assert.equal((await otpRows(rec.id)).length, 1);

  // a new password voids open MFA sessions (and, with the new tokenKey, pending codes)
  await admin.collection('guarded').update(rec.id, { password: 'changed1234', passwordConfirm: 'changed1234' });
  assert.equal((await mfas()).length, 0);
  assert.equal((await otpRows(rec.id)).length, 0);
  const stale = await failure(s.client().collection('guarded').authWithPassword('side@example.com', 'changed1234', { mfaId: first.response.mfaId }));
  assert.equal(stale.response.message, 'Invalid or expired MFA session.');

  // expired rows go with the hourly job
  await s.client().collection('guarded').requestOTP('side@example.com');
  await otpCode('side@example.com');
  await s.app.store.run(`UPDATE _otps SET created = '2000-01-01 00:00:00.000Z' WHERE ${s.app.store.dialect.quote('recordRef')} = ?`, [rec.id]);
  const jobs = await admin.crons.getFullList();
  assert.ok(jobs.some((j) => j.id === '__pbOTPCleanup__' && j.expression === '0 * * * *'));
  assert.ok(jobs.some((j) => j.id === '__pbMFACleanup__'));
  await admin.crons.run('__pbOTPCleanup__');
  for (let i = 0; i < 50 && (await otpRows(rec.id)).length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await otpRows(rec.id)).length, 0);

  // deleting the record deletes what points at it
  await s.client().collection('guarded').requestOTP('side@example.com');
  await otpCode('side@example.com');
  await failure(s.client().collection('guarded').authWithPassword('side@example.com', 'changed1234'));
  await admin.collection('guarded').delete(rec.id);
  assert.equal((await otpRows(rec.id)).length, 0);
  assert.equal((await mfas()).length, 0);
});
