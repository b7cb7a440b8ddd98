import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { createTestSchema, testPostgresUrl } from '../src/store/postgres/test-schema.js';

(globalThis as any).EventSource ??= EventSource;

// Nodes need a database they all reach: this file always runs three nodes on a Postgres schema of
// its own, whichever store the runner picked for the other end-to-end files.

const procs: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'plinth-cluster-'));
const dataDir = join(dir, 'plinth_data');
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let urls: string[] = [];
const email = 'c@example.com';
const password = 'password-123';

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});

async function startNode(bus: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const p = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dataDir}`, `--bus=${bus}`], { env: { ...process.env, PLINTH_DB: schema.url, PLINTH_LOG_LEVEL: 'silent' } });
  procs.push(p);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, proc: p };
}

const client = (url: string) => {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
};
const admin = async (url: string) => {
  const pb = client(url);
  await pb.collection('_superusers').authWithPassword(email, password);
  return pb;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// every node loads this hook: a job firing every second that writes one row per run
const tickHook = `export default function (app) {
  app.cronAdd('tick', '* * * * * *', async () => {
    try { await app.records.create('ticks', { at: new Date().toISOString().slice(0, 19), pid: String(process.pid) }); } catch {}
  });
}
`;

before(async () => {
  mkdirSync(join(dir, 'plinth_hooks'), { recursive: true });
  writeFileSync(join(dir, 'plinth_hooks', 'tick.js'), tickHook);
  schema = await createTestSchema();
  const r = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', email, password, `--dir=${dataDir}`], { env: { ...process.env, PLINTH_DB: schema.url } });
  assert.equal(r.status, 0, String(r.stderr));
  const bus = `${testPostgresUrl}#${randomBytes(4).toString('hex')}`;
  const nodes = await Promise.all([startNode(bus), startNode(bus), startNode(bus)]);
  urls = nodes.map((n) => n.url);
  const pb = await admin(urls[0]);
  await pb.collections.create({ name: 'ticks', type: 'base', fields: [{ name: 'at', type: 'text' }, { name: 'pid', type: 'text' }] });
  await pb.collections.create({ name: 'notes', type: 'base', fields: [{ name: 'text', type: 'text' }], listRule: '', viewRule: '', createRule: '' });
  // every node has the collection before the tests start
  await until('notes on every node', async () => (await Promise.all(urls.map((u) => fetch(`${u}/api/collections/notes/records`).then((r) => r.status)))).every((s) => s === 200));
});

after(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : p.once('exit', r)))));
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

test('three nodes: a rate limit of N per window holds in total across nodes (round-robin requests)', async () => {
  const pb = await admin(urls[0]);
  const limit = 7;
  await pb.settings.update({ rateLimits: { enabled: true, excludedIPs: [], rules: [{ label: 'notes:list', audience: '', maxRequests: limit, duration: 60 }] } });
  // the settings change made on A reaches B and C through the bus
  for (const u of urls.slice(1)) {
    const other = await admin(u);
    await until(`rate limit setting on ${u}`, async () => (await other.settings.getAll()).rateLimits.rules.some((r: { label: string }) => r.label === 'notes:list'));
  }
  const statuses: number[] = [];
  for (let i = 0; i < limit * 3; i++) statuses.push((await fetch(`${urls[i % 3]}/api/collections/notes/records`)).status);
  assert.equal(statuses.filter((s) => s === 200).length, limit, `statuses: ${statuses.join(',')}`);
  assert.deepEqual(statuses.slice(limit), Array(limit * 2).fill(429));
  await pb.settings.update({ rateLimits: { enabled: false, excludedIPs: [], rules: [] } });
  for (const u of urls) await until(`rate limit off on ${u}`, async () => (await fetch(`${u}/api/collections/notes/records`)).status === 200);
});

test('three nodes: wrong OTP attempts are counted across nodes', async () => {
  const pb = await admin(urls[0]);
  const users = await pb.collections.create({ name: 'members', type: 'auth', otp: { enabled: true, duration: 300, length: 6 }, fields: [] });
  const user = await pb.collection('members').create({ email: 'm@example.com', password: 'secret-12345', passwordConfirm: 'secret-12345' });
  const otp = await pb.collection('_otps').create({ collectionRef: users.id, recordRef: user.id, password: '123456' });
  for (const u of urls) await until(`members on ${u}`, async () => (await fetch(`${u}/api/collections/members/auth-methods`)).status === 200);
  const attempt = (u: string, code: string) => fetch(`${u}/api/collections/members/auth-with-otp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ otpId: otp.id, password: code }) }).then((r) => r.status);
  const wrong: number[] = [];
  for (let i = 0; i < 5; i++) wrong.push(await attempt(urls[i % 3], '000000'));
  assert.deepEqual(wrong, [400, 400, 400, 400, 400]);
  // the sixth attempt, on yet another node and with the right code, is refused: 5 were used up
  assert.equal(await attempt(urls[2], '123456'), 429);
});

test('three nodes: a write on A reaches subscribers on B and C; schema and rule changes on A apply on B and C at once', async () => {
  const got: Record<string, string[]> = { b: [], c: [] };
  const b = client(urls[1]);
  const c = client(urls[2]);
  await b.collection('notes').subscribe('*', (e) => got.b.push(e.record.text));
  await c.collection('notes').subscribe('*', (e) => got.c.push(e.record.text));
  await client(urls[0]).collection('notes').create({ text: 'from A' });
  await until('events on B and C', () => got.b.length > 0 && got.c.length > 0);
  assert.deepEqual(got, { b: ['from A'], c: ['from A'] });

  const pb = await admin(urls[0]);
  await pb.collections.update('notes', { fields: [{ name: 'text', type: 'text' }, { name: 'mood', type: 'text' }], createRule: 'text != "forbidden"' });
  // the change is published when A's write commits: B and C apply it before the next request there
  await sleep(100);
  for (const u of urls.slice(1)) {
    const rec = await client(u).collection('notes').create({ text: 'x', mood: 'happy' });
    assert.equal(rec.mood, 'happy', `new field accepted on ${u}`);
    await assert.rejects(client(u).collection('notes').create({ text: 'forbidden' }), (e: any) => e.status === 400, `new rule enforced on ${u}`);
  }
  await b.collection('notes').unsubscribe();
  await c.collection('notes').unsubscribe();
});

test('three nodes: a cron job firing every second runs once per firing across the cluster', async () => {
  const pb = await admin(urls[0]);
  await sleep(3500);
  const ticks = await pb.collection('ticks').getFullList({ sort: 'at', batch: 1000 });
  const seconds = ticks.map((t) => t.at);
  assert.ok(seconds.length >= 3, `the job ran (${seconds.join(',')})`);
  assert.deepEqual(seconds, [...new Set(seconds)], 'no firing ran twice');
  // no firing was skipped between the first and the last one seen
  const span = (Date.parse(seconds.at(-1) + 'Z') - Date.parse(seconds[0] + 'Z')) / 1000 + 1;
  assert.equal(seconds.length, span, `seconds: ${seconds.join(',')}`);
  // the job is scheduled on all three nodes: once per firing comes from the lease, not from one node
  for (const u of urls) assert.ok((await (await admin(u)).crons.getFullList()).some((j) => j.id === 'tick'), `tick scheduled on ${u}`);
});

/** A tiny load balancer: each connection goes to the first upstream that accepts it. */
function balancer(upstreams: () => string[]): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<Socket>();
  const srv = createServer((down) => {
    sockets.add(down);
    down.pause();
    const tryNext = (list: string[]) => {
      const next = list[0];
      if (!next) return down.destroy();
      const u = new URL(next);
      const up = connect(Number(u.port), u.hostname);
      let connected = false;
      up.once('connect', () => {
        connected = true;
        sockets.add(up);
        down.pipe(up).pipe(down);
        down.resume();
        up.on('error', () => down.destroy());
        up.on('close', () => down.destroy());
        down.on('error', () => up.destroy());
        down.on('close', () => up.destroy());
      });
      up.once('error', () => !connected && tryNext(list.slice(1)));
    };
    tryNext(upstreams());
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`,
    close: () => { for (const s of sockets) s.destroy(); srv.close(); },
  })));
}

test('three nodes: SIGKILL of one node during writes loses no acknowledged write and no event on the survivors', async () => {
  const killed = procs[2];
  const survivors = urls.slice(0, 2);
  const seen: Set<string>[] = [new Set(), new Set()];
  const subs = survivors.map((u) => client(u));
  await Promise.all(subs.map((s, i) => s.collection('notes').subscribe('*', (e) => void (e.action === 'create' && seen[i].add(e.record.id)))));
  const acked: string[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const u = urls[(w + i) % 3];
      try {
        const r = await fetch(`${u}/api/collections/notes/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `w${w}-${i}` }) });
        if (r.ok) acked.push((await r.json()).id);
      } catch {
        // the killed node: this write was never acknowledged
      }
    }
  };
  // a client reaching the cluster through a balancer lands on the node about to die
  const lb = await balancer(() => [urls[2], ...survivors]);
  const roaming = client(lb.url);
  const connects: string[] = [];
  await roaming.realtime.subscribe('PB_CONNECT', (e) => connects.push(e.clientId));
  const roamed: string[] = [];
  await roaming.collection('notes').subscribe('*', (e) => void (e.action === 'create' && roamed.push(e.record.id)));
  assert.equal(connects.length, 1);
  const writers = [0, 1, 2, 3].map(writer);
  await sleep(700);
  killed.kill('SIGKILL');
  // it reconnects through the balancer to a survivor and gets a fresh PB_CONNECT (a new client id)
  await until('a fresh PB_CONNECT after the kill', () => connects.length >= 2, 10000);
  assert.notEqual(connects[1], connects[0]);
  const before = roamed.length;
  await sleep(700);
  stop = true;
  await Promise.all(writers);
  assert.ok(acked.length > 20, `some writes went through (${acked.length})`);
  const pb = await admin(urls[0]);
  const stored = new Set((await pb.collection('notes').getFullList({ fields: 'id', batch: 1000 })).map((r) => r.id));
  assert.deepEqual(acked.filter((id) => !stored.has(id)), [], 'every acknowledged write is stored');
  await until('every acknowledged write as an event on both survivors', () => seen.every((s) => acked.every((id) => s.has(id))), 5000);
  assert.ok(roamed.length > before, 'the reconnected client receives events again');
  for (const s of subs) await s.collection('notes').unsubscribe();
  roaming.realtime.unsubscribe();
  lb.close();
});
