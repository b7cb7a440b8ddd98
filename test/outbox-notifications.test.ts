import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { PlinthApi, BadRequestError } from '../src/index.js';
import { startServer, type TestServer } from './harness.js';
import { startMailServer, type MailServer } from './mail-server.js';

// Node 20 has no EventSource; the SDK uses the global one.
(globalThis as any).EventSource ??= EventSource;
process.env.PLINTH_OUTBOX_BACKOFF_MS = '50';

let s: TestServer;
let admin: PocketBase;
let api: PlinthApi;
let mail: MailServer;

async function until<T>(fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function signIn(email: string): Promise<PocketBase> {
  const pb = s.client();
  await pb.collection('users').create({ email, password: 'password-123', passwordConfirm: 'password-123' });
  await pb.collection('users').authWithPassword(email, 'password-123');
  return pb;
}

before(async () => {
  s = await startServer();
  admin = await s.admin();
  mail = await startMailServer();
  await mail.configure(admin);
  await admin.collections.create({ name: 'comments', type: 'base', fields: [{ name: 'to', type: 'text' }, { name: 'text', type: 'text' }], createRule: '' });
  api = new PlinthApi(s.app, 'test');
  // a comment notifies its addressee in the same transaction: a failed comment notifies nobody
  api.onRecordCreate(async (e) => {
    await e.next();
    await api.notify(String(e.record.to), { title: 'New comment', body: String(e.record.text), data: { comment: e.record.id }, email: e.record.text === 'mail me' });
    if (e.record.text === 'fail') throw new BadRequestError('comment refused');
  }, 'comments');
});

after(async () => {
  api.unbindAll();
  await s.stop();
  await mail.close();
});

test('notify() reaches the recipient live; each user reads and marks only their own', async () => {
  const alice = await signIn('alice@example.com');
  const bob = await signIn('bob@example.com');
  const aliceId = alice.authStore.record!.id;
  await s.app.notifications.ensure();
  const live: any[] = [];
  const unsub = await alice.collection('_notifications').subscribe('*', (e) => live.push(e));
  const bobLive: any[] = [];
  const unsubBob = await bob.collection('_notifications').subscribe('*', (e) => bobLive.push(e));
  try {
    await assert.rejects(s.client().collection('comments').create({ to: aliceId, text: 'fail' }));
    await s.client().collection('comments').create({ to: aliceId, text: 'hello alice' });
    const ev = await until(() => live[0]);
    assert.equal(ev.action, 'create');
    assert.equal(ev.record.title, 'New comment');
    assert.equal(ev.record.body, 'hello alice');
    assert.equal(ev.record.read, false);

    const mine = await alice.collection('_notifications').getFullList();
    assert.deepEqual(mine.map((n) => n.body), ['hello alice'], 'the failed comment notified nobody');
    assert.equal((await bob.collection('_notifications').getFullList()).length, 0);
    assert.equal(bobLive.length, 0);
    await assert.rejects(bob.collection('_notifications').update(ev.record.id, { read: true }), (e: any) => e.status === 404);
    await assert.rejects(bob.collection('_notifications').create({ recipient: bob.authStore.record!.id, title: 'spoof' }), (e: any) => e.status === 403);
    await assert.rejects(alice.collection('_notifications').update(ev.record.id, { read: true, title: 'edited' }), (e: any) => e.status === 404);
    const read = await alice.collection('_notifications').update(ev.record.id, { read: true });
    assert.equal(read.read, true);
    assert.equal(read.title, 'New comment');
  } finally {
    await unsub();
    await unsubBob();
  }
});

test('notify() with email: the mail goes out through the outbox after commit', async () => {
  const carol = await signIn('carol@example.com');
  await s.client().collection('comments').create({ to: carol.authStore.record!.id, text: 'mail me' });
  const m = await mail.take('carol@example.com');
  assert.equal(m.subject, 'New comment');
  assert.match(m.text, /mail me/);
  const status = async () => (await s.app.store.query("SELECT status FROM _outbox WHERE topic = 'mail'")).map((r) => r.status);
  for (let i = 0; i < 100 && (await status())[0] !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await status(), ['delivered']);
});
