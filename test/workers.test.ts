import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { testDatabase } from './harness.js';

(globalThis as any).EventSource ??= EventSource;

let proc: ChildProcess;
let dir: string;
let url: string;
let database: Awaited<ReturnType<typeof testDatabase>>;

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plinth-workers-'));
  database = await testDatabase();
  const r = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'w@example.com', 'password-123', `--dir=${dir}`], { env: { ...process.env, ...database.env } });
  assert.equal(r.status, 0, String(r.stderr));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  proc = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, '--workers=2'], { env: { ...process.env, ...database.env, PLINTH_LOG_LEVEL: 'silent' } });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Server started')) resolve();
    });
    proc.on('exit', (code) => reject(new Error('server exited ' + code)));
    setTimeout(() => reject(new Error('no start: ' + out)), 20000);
  });
});

after(async () => {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

test('two workers: schema changes and realtime events cross processes', async () => {
  const admin = new PocketBase(url);
  admin.autoCancellation(false);
  await admin.collection('_superusers').authWithPassword('w@example.com', 'password-123');
  await admin.collections.create({ name: 'notes', type: 'base', fields: [{ name: 'body', type: 'text' }], listRule: '', viewRule: '', createRule: '' });
  // Round-robin spreads these over both workers; each must know the new collection.
  for (let i = 0; i < 6; i++) assert.equal((await admin.collection("notes").getList(1, 1)).totalItems, 0);
  const events: string[] = [];
  const subscriber = new PocketBase(url);
  subscriber.autoCancellation(false);
  // Subscribe repeatedly: the POST lands on either worker, the stream lives on one of them.
  const unsub = await subscriber.collection('notes').subscribe('*', (e) => events.push(e.record.body));
  const writer = new PocketBase(url);
  for (let i = 0; i < 6; i++) await writer.collection('notes').create({ body: `n${i}` });
  const until = Date.now() + 5000;
  while (events.length < 6 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(events.sort(), ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
  await unsub();
  await admin.collections.update('notes', { fields: [{ name: 'body', type: 'text' }, { name: 'extra', type: 'number' }] });
  for (let i = 0; i < 4; i++) {
    const item = (await admin.collection('notes').getList(1, 1)).items[0];
    assert.equal(item.extra, 0);
  }
});
