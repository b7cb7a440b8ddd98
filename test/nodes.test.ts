import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { testDatabase } from './harness.js';

(globalThis as any).EventSource ??= EventSource;

const procs: ChildProcess[] = [];
const dirs: string[] = [];
const databases: Awaited<ReturnType<typeof testDatabase>>[] = [];

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});

async function node(dir: string, bus: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const p = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, `--bus=${bus}`], { env: { ...process.env, ...env, PLINTH_LOG_LEVEL: 'silent' } });
  procs.push(p);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return `http://127.0.0.1:${port}`;
}

after(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

for (const bus of ['redis://127.0.0.1:6379', 'nats://127.0.0.1:4222', 'postgres://postgres@127.0.0.1:5432/test']) {
  test(`two nodes on one bus (${bus.split(':')[0]}): a write on A reaches a subscriber on B; a schema change on A is seen by B`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-nodes-'));
    dirs.push(dir);
    // both nodes share the database: the data dir (SQLite) or one Postgres schema
    const database = await testDatabase();
    databases.push(database);
    const r = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'n@example.com', 'password-123', `--dir=${dir}`], { env: { ...process.env, ...database.env } });
    assert.equal(r.status, 0, String(r.stderr));
    // the nodes share a data dir here; the channel name keeps concurrent test runs apart
    const channel = randomBytes(4).toString('hex');
    const [a, b] = await Promise.all([node(dir, bus + '#' + channel, database.env), node(dir, bus + '#' + channel, database.env)]);
    const adminA = new PocketBase(a);
    await adminA.collection('_superusers').authWithPassword('n@example.com', 'password-123');
    await adminA.collections.create({ name: 'chat', type: 'base', fields: [{ name: 'text', type: 'text' }], listRule: '', viewRule: '', createRule: '' });
    const onB = new PocketBase(b);
    const got: string[] = [];
    let unsub: () => Promise<void> = async () => undefined;
    // B learns of the new collection through the bus; retry until its cache has it
    const until = Date.now() + 5000;
    for (;;) {
      try {
        unsub = await onB.collection('chat').subscribe('*', (e) => got.push(e.record.text));
        await onB.collection('chat').getList(1, 1);
        break;
      } catch (err) {
        if (Date.now() > until) throw err;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    await new PocketBase(a).collection('chat').create({ text: 'hello from A' });
    const end = Date.now() + 5000;
    while (!got.length && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(got, ['hello from A']);
    await unsub();
  });
}
