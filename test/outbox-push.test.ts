import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify, importSPKI } from 'jose';
import type PocketBase from 'pocketbase';
import { PlinthApi, BadRequestError } from '../src/index.js';
import { startServer, type TestServer } from './harness.js';
import { browserKeys, decryptWebPush, selfSignedCert, verifyVapid, type BrowserKeys } from './push-services.js';

// the push services below run on loopback with a self-signed certificate
const cert = selfSignedCert();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const p8 = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

interface Received { path: string; headers: IncomingMessage['headers']; body: Buffer }
let s: TestServer;
let api: PlinthApi;
let https: Server;
let apns: Http2SecureServer;
let base: string;
/** Answers the Web Push and FCM servers give next, by path; 201/200 when none is queued. */
const answers = new Map<string, number[]>();
const received: Received[] = [];
const apnsReceived: { headers: Record<string, unknown>; body: string }[] = [];
const fcmAccessToken = randomBytes(16).toString('hex');

function listen(srv: Server | Http2SecureServer): Promise<string> {
  return new Promise((r) => srv.listen(0, '127.0.0.1', () => r(`https://127.0.0.1:${(srv.address() as { port: number }).port}`)));
}

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function onRequest(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const path = req.url ?? '';
  if (path === '/token') {
    // the OAuth2 JWT bearer grant: the assertion must be signed by the service account's key
    const form = new URLSearchParams(body.toString());
    try {
      const { payload } = await jwtVerify(form.get('assertion') ?? '', await importSPKI(rsa.publicKey, 'RS256'), { issuer: 'push@test.iam', audience: `${base}/token` });
      assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      assert.equal(payload.scope, 'https://www.googleapis.com/auth/firebase.messaging');
    } catch {
      return void res.writeHead(400).end('{"error":"invalid_grant"}');
    }
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: fcmAccessToken, expires_in: 3600, token_type: 'Bearer' }));
  }
  received.push({ path, headers: req.headers, body });
  if (path.startsWith('/v1/') && req.headers.authorization !== `Bearer ${fcmAccessToken}`) return void res.writeHead(401).end();
  const code = answers.get(path)?.shift() ?? (path.startsWith('/v1/') ? 200 : 201);
  res.writeHead(code).end(path.startsWith('/v1/') ? '{"name":"projects/demo/messages/1"}' : '');
}

before(async () => {
  https = createHttpsServer({ key: cert.key, cert: cert.cert }, (req, res) => void onRequest(req, res));
  base = await listen(https);
  apns = createSecureServer({ key: cert.key, cert: cert.cert }, async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    try {
      const jwt = String(req.headers.authorization).replace(/^bearer /, '');
      const { protectedHeader } = await jwtVerify(jwt, await importSPKI(p8.publicKey, 'ES256'), { issuer: 'TEAM123456', algorithms: ['ES256'] });
      assert.equal(protectedHeader.kid, 'KEY1234567');
    } catch {
      return void res.writeHead(403).end('{"reason":"InvalidProviderToken"}');
    }
    apnsReceived.push({ headers: { ...req.headers }, body });
    if (req.url?.endsWith('/gone-token')) return void res.writeHead(410).end('{"reason":"Unregistered"}');
    res.writeHead(200, { 'apns-id': 'x' }).end();
  });
  const apnsUrl = await listen(apns);
  Object.assign(process.env, {
    PLINTH_OUTBOX_BACKOFF_MS: '50',
    PLINTH_PUSH_ALLOW_PRIVATE: '1',
    PLINTH_PUSH_CA_FILE: cert.certFile,
    PLINTH_VAPID_SUBJECT: 'mailto:ops@example.com',
    PLINTH_FCM_SERVICE_ACCOUNT: JSON.stringify({ client_email: 'push@test.iam', private_key: rsa.privateKey, project_id: 'demo' }),
    PLINTH_FCM_ENDPOINT: base,
    PLINTH_FCM_TOKEN_URL: `${base}/token`,
    PLINTH_APNS_KEY: p8.privateKey,
    PLINTH_APNS_KEY_ID: 'KEY1234567',
    PLINTH_APNS_TEAM_ID: 'TEAM123456',
    PLINTH_APNS_TOPIC: 'com.example.app',
    PLINTH_APNS_HOST: apnsUrl,
  });
  s = await startServer();
  const admin = await s.admin();
  await admin.collections.create({ name: 'messages', type: 'base', fields: [{ name: 'to', type: 'text' }, { name: 'text', type: 'text' }], createRule: '' });
  api = new PlinthApi(s.app, 'test');
  // a message pushes to its addressee in the write's transaction: a refused message pushes nothing
  api.onRecordCreate(async (e) => {
    await e.next();
    await api.push.sendToUser(String(e.record.to), { title: 'New message', body: String(e.record.text), data: { message: e.record.id }, ttl: 60 });
    if (e.record.text === 'fail') throw new BadRequestError('message refused');
  }, 'messages');
});

after(async () => {
  api.unbindAll();
  await s.stop();
  https.closeAllConnections();
  await new Promise((r) => https.close(r));
  await new Promise((r) => apns.close(r));
  cert.cleanup();
});

let users = 0;
async function signIn(): Promise<{ pb: PocketBase; id: string }> {
  const pb = s.client();
  const email = `u${++users}@example.com`;
  await pb.collection('users').create({ email, password: 'password-123', passwordConfirm: 'password-123' });
  await pb.collection('users').authWithPassword(email, 'password-123');
  return { pb, id: pb.authStore.record!.id };
}

async function subscribe(u: { pb: PocketBase; id: string }, path: string): Promise<{ id: string; keys: BrowserKeys }> {
  const keys = browserKeys();
  // what a browser's PushSubscription.toJSON() gives, plus the owner
  const r = await u.pb.collection('_pushSubscriptions').create({ user: u.id, endpoint: `${base}${path}`, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  return { id: r.id, keys };
}

const pushRows = async () => (await s.app.store.query("SELECT target, status, attempts, response_code, last_error FROM _outbox WHERE topic = 'push'")) as { target: string; status: string; attempts: number; response_code: number; last_error: string }[];
const settled = (target: string) => until(async () => (await pushRows()).find((r) => r.target === target && r.status !== 'pending'));

test('VAPID public key: generated once, stored, served at /api/push/vapid', async () => {
  const a = await s.fetchJson('/api/push/vapid');
  assert.equal(a.status, 200);
  assert.equal(Buffer.from(a.body.publicKey, 'base64url').length, 65);
  assert.deepEqual((await s.fetchJson('/api/push/vapid')).body, a.body);
  const rows = await s.app.store.query('SELECT public_key FROM _push_keys');
  assert.deepEqual(rows.map((r) => r.public_key), [a.body.publicKey]);
});

test('subscriptions: owners create, list, view and delete only their own; others and anonymous cannot', async () => {
  const alice = await signIn();
  const bob = await signIn();
  const sub = await subscribe(alice, '/rules');
  const col = (pb: PocketBase) => pb.collection('_pushSubscriptions');
  const keys = browserKeys();
  const body = (user: string, endpoint = `${base}/other`) => ({ user, endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  await assert.rejects(col(bob.pb).create(body(alice.id)), (e: any) => e.status === 400, 'bob cannot subscribe alice');
  await assert.rejects(col(s.client()).create(body(alice.id)), (e: any) => e.status === 400, 'anonymous cannot subscribe');
  await assert.rejects(col(alice.pb).create(body(alice.id, `${base}/rules`)), (e: any) => e.status === 400, 'same endpoint twice');
  await assert.rejects(col(alice.pb).create({ user: alice.id, endpoint: `${base}/x`, keys: { p256dh: 'short', auth: keys.auth } }), (e: any) => e.status === 400 && !!e.response.data.keys);
  await assert.rejects(col(alice.pb).create({ user: alice.id, endpoint: 'http://example.com/x', keys: { p256dh: keys.p256dh, auth: keys.auth } }), (e: any) => e.status === 400 && !!e.response.data.endpoint);
  assert.deepEqual((await col(alice.pb).getFullList()).map((r) => r.id), [sub.id]);
  assert.equal((await col(bob.pb).getFullList()).length, 0);
  assert.equal((await col(s.client()).getFullList()).length, 0);
  await assert.rejects(col(bob.pb).getOne(sub.id), (e: any) => e.status === 404);
  await assert.rejects(col(bob.pb).delete(sub.id), (e: any) => e.status === 404);
  await assert.rejects(col(alice.pb).update(sub.id, { endpoint: `${base}/moved` }), (e: any) => e.status === 403);
  await col(alice.pb).delete(sub.id);
  assert.equal((await col(alice.pb).getFullList()).length, 0);
});

test('a write that pushes: the service receives an encrypted request it decrypts with the subscription keys, signed with VAPID', async () => {
  const carol = await signIn();
  const sub = await subscribe(carol, '/push/carol');
  const { publicKey } = (await s.fetchJson('/api/push/vapid')).body;
  await assert.rejects(s.client().collection('messages').create({ to: carol.id, text: 'fail' }));
  await s.client().collection('messages').create({ to: carol.id, text: 'hello carol' });
  const req = await until(() => received.find((r) => r.path === '/push/carol'));
  assert.equal(req.headers['content-encoding'], 'aes128gcm');
  assert.equal(req.headers.ttl, '60');
  const claims = await verifyVapid(String(req.headers.authorization), publicKey, base);
  assert.equal(claims.sub, 'mailto:ops@example.com');
  assert.ok(Number(claims.exp) > Date.now() / 1000 && Number(claims.exp) <= Date.now() / 1000 + 24 * 3600 + 60);
  const payload = JSON.parse(decryptWebPush(req.body, sub.keys));
  assert.equal(payload.title, 'New message');
  assert.equal(payload.body, 'hello carol');
  assert.equal(typeof payload.data.message, 'string');
  assert.equal((await settled(sub.id)).status, 'delivered');
  assert.equal(received.filter((r) => r.path === '/push/carol').length, 1, 'the refused write pushed nothing');
});

test('410 from the push service removes the subscription; 500 is retried; 400 is dead at once', async () => {
  const dave = await signIn();
  const gone = await subscribe(dave, '/push/gone');
  const flaky = await subscribe(dave, '/push/flaky');
  const refused = await subscribe(dave, '/push/refused');
  answers.set('/push/gone', [410]);
  answers.set('/push/flaky', [500, 503]);
  answers.set('/push/refused', [400]);
  assert.equal(await api.push.sendToUser(dave.id, { title: 'hi' }), 3);
  const g = await settled(gone.id);
  assert.equal(g.status, 'dead');
  assert.equal(g.response_code, 410);
  await until(async () => (await dave.pb.collection('_pushSubscriptions').getFullList()).every((r) => r.id !== gone.id));
  const f = await settled(flaky.id);
  assert.equal(f.status, 'delivered');
  assert.equal(f.attempts, 3);
  assert.equal(received.filter((r) => r.path === '/push/flaky').length, 3);
  const r = await settled(refused.id);
  assert.equal(r.status, 'dead');
  assert.equal(r.attempts, 1);
  assert.ok(await dave.pb.collection('_pushSubscriptions').getOne(refused.id), 'a refused message keeps the subscription');
});

test('sendToUsers: a filter over users picks the recipients; oversized messages are refused', async () => {
  const erin = await signIn();
  const frank = await signIn();
  await subscribe(erin, '/push/erin');
  await subscribe(frank, '/push/frank');
  const admin = await s.admin();
  await admin.collection('users').update(erin.id, { name: 'Erin' });
  assert.equal(await api.push.sendToUsers('name = "Erin"', { title: 'only erin' }), 1);
  await until(() => received.find((r) => r.path === '/push/erin'));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(received.filter((r) => r.path === '/push/frank').length, 0);
  await assert.rejects(api.push.sendToUser(erin.id, { title: 'big', body: 'x'.repeat(5000) }), (e: any) => e.status === 400);
});

test('FCM HTTP v1: an OAuth2 token from the service account, then messages:send with the device token', async () => {
  const gina = await signIn();
  const sub = await gina.pb.collection('_pushSubscriptions').create({ user: gina.id, kind: 'fcm', token: 'fcm-device-1' });
  await api.push.sendToUser(gina.id, { title: 'fcm hi', body: 'there', data: { n: 1 }, ttl: 120 });
  const req = await until(() => received.find((r) => r.path === '/v1/projects/demo/messages:send'));
  assert.equal(req.headers.authorization, `Bearer ${fcmAccessToken}`);
  const msg = JSON.parse(req.body.toString()).message;
  assert.equal(msg.token, 'fcm-device-1');
  assert.deepEqual(msg.notification, { title: 'fcm hi', body: 'there' });
  assert.deepEqual(JSON.parse(msg.data.data), { n: 1 });
  assert.equal(msg.android.ttl, '120s');
  assert.equal((await settled(sub.id)).status, 'delivered');
  // an unregistered token (404 from FCM) removes the subscription
  answers.set('/v1/projects/demo/messages:send', [404]);
  await api.push.sendToUser(gina.id, { title: 'again' });
  await until(async () => (await gina.pb.collection('_pushSubscriptions').getFullList()).length === 0);
});

test('APNs over HTTP/2 with an ES256 provider token; 410 Unregistered removes the subscription', async () => {
  const hank = await signIn();
  const ok = await hank.pb.collection('_pushSubscriptions').create({ user: hank.id, kind: 'apns', token: 'apns-device-1' });
  const gone = await hank.pb.collection('_pushSubscriptions').create({ user: hank.id, kind: 'apns', token: 'gone-token' });
  await api.push.sendToUser(hank.id, { title: 'apns hi', body: 'there', data: { n: 2 } });
  assert.equal((await settled(ok.id)).status, 'delivered');
  const req = apnsReceived.find((r) => r.headers[':path'] === '/3/device/apns-device-1')!;
  assert.equal(req.headers['apns-topic'], 'com.example.app');
  assert.equal(req.headers['apns-push-type'], 'alert');
  assert.deepEqual(JSON.parse(req.body), { aps: { alert: { title: 'apns hi', body: 'there' } }, data: { n: 2 } });
  assert.equal((await settled(gone.id)).response_code, 410);
  assert.deepEqual((await hank.pb.collection('_pushSubscriptions').getFullList()).map((r) => r.id), [ok.id]);
});
