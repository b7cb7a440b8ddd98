import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';

// Node 20 has no EventSource; the SDK uses the global one.
(globalThis as any).EventSource ??= EventSource;

let s: TestServer;
let admin: PocketBase;

const waitFor = async <T>(get: () => T | undefined, ms = 3000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function user(email: string) {
  await admin.collection('users').create({ email, password: 'password123', passwordConfirm: 'password123' });
  const pb = s.client();
  await pb.collection('users').authWithPassword(email, 'password123');
  return pb;
}

before(async () => {
  s = await startServer();
  admin = await s.admin();
  await admin.collections.create({
    name: 'messages', type: 'base',
    fields: [
      { name: 'text', type: 'text' },
      { name: 'public', type: 'bool' },
      { name: 'owner', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
    ],
    listRule: 'public = true || owner = @request.auth.id',
    viewRule: 'public = true || owner = @request.auth.id',
    createRule: '',
  });
});

after(async () => s.stop());

test('a subscriber receives creates, updates and deletes it may see, and nothing else', async () => {
  const alice = await user('alice@example.com');
  const bob = await user('bob@example.com');
  const aliceEvents: any[] = [];
  const bobEvents: any[] = [];
  const unsubA = await alice.collection('messages').subscribe('*', (e) => aliceEvents.push(e));
  const unsubB = await bob.collection('messages').subscribe('*', (e) => bobEvents.push(e));

  const pub = await admin.collection('messages').create({ text: 'hello all', public: true });
  const priv = await admin.collection('messages').create({ text: 'for alice', public: false, owner: alice.authStore.record!.id });
  await waitFor(() => (aliceEvents.length >= 2 ? true : undefined));
  await waitFor(() => (bobEvents.length >= 1 ? true : undefined));
  await admin.collection('messages').update(priv.id, { text: 'for alice, edited' });
  await admin.collection('messages').delete(priv.id);
  await admin.collection('messages').delete(pub.id);
  await waitFor(() => (aliceEvents.length >= 5 ? true : undefined));
  await waitFor(() => (bobEvents.length >= 2 ? true : undefined));
  await new Promise((r) => setTimeout(r, 100));

  assert.deepEqual(aliceEvents.map((e) => [e.action, e.record.text]), [
    ['create', 'hello all'], ['create', 'for alice'], ['update', 'for alice, edited'], ['delete', 'for alice, edited'], ['delete', 'hello all'],
  ]);
  assert.deepEqual(bobEvents.map((e) => [e.action, e.record.text]), [['create', 'hello all'], ['delete', 'hello all']]);
  assert.equal(aliceEvents[0].record.collectionName, 'messages');
  await unsubA();
  await unsubB();
});

test('record topics, filter and fields options apply per subscription', async () => {
  const carol = await user('carol@example.com');
  const m = await admin.collection('messages').create({ text: 'watch me', public: true });
  const one: any[] = [];
  const filtered: any[] = [];
  const unsub1 = await carol.collection('messages').subscribe(m.id, (e) => one.push(e));
  const unsub2 = await carol.collection('messages').subscribe('*', (e) => filtered.push(e), { filter: 'text ~ "urgent"', fields: 'id,text' });
  await admin.collection('messages').create({ text: 'not this', public: true });
  await admin.collection('messages').create({ text: 'urgent!', public: true });
  await admin.collection('messages').update(m.id, { text: 'watched' });
  await waitFor(() => (one.length >= 1 && filtered.length >= 1 ? true : undefined));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(one.map((e) => [e.action, e.record.text]), [['update', 'watched']]);
  assert.deepEqual(filtered.map((e) => e.record), [{ id: filtered[0].record.id, text: 'urgent!' }]);
  await unsub1();
  await unsub2();
});

test('POST /api/realtime validates the client id and auth binding', async () => {
  const r = await s.fetchJson('/api/realtime', { method: 'POST', json: { clientId: 'nope', subscriptions: [] } });
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, { status: 404, message: 'Missing or invalid client id.', data: {} });
  const bad = await s.fetchJson('/api/realtime', { method: 'POST', json: {} });
  assert.equal(bad.status, 400);
});

test('the stream starts with PB_CONNECT carrying the client id in id: and data', async () => {
  const res = await fetch(s.url + '/api/realtime');
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  const text = new TextDecoder().decode(value);
  const m = /^id:(\w{40})\nevent:PB_CONNECT\ndata:(.*)\n\n/.exec(text);
  assert.ok(m, text);
  assert.deepEqual(JSON.parse(m![2]), { clientId: m![1] });
  await reader.cancel();
});
