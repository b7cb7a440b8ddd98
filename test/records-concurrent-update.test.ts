import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { testDatabase } from './harness.js';

const procs: ChildProcess[] = [];
const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  for (const c of cleanups) await c();
});

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});

async function node(dir: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const p = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`], { env: { ...process.env, ...env, PLINTH_LOG_LEVEL: 'silent' } });
  procs.push(p);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return `http://127.0.0.1:${port}`;
}

test('n+ from two server processes on one database never loses an increment (locked re-read in the write)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-incr-'));
  const database = await testDatabase();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => database.drop());
  const r = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'n@example.com', 'password-123', `--dir=${dir}`], { env: { ...process.env, ...database.env } });
  assert.equal(r.status, 0, String(r.stderr));
  const a = await node(dir, database.env);
  const admin = new PocketBase(a);
  await admin.collection('_superusers').authWithPassword('n@example.com', 'password-123');
  await admin.collections.create({ name: 'counters', type: 'base', fields: [{ name: 'n', type: 'number' }], viewRule: '', updateRule: '' });
  const c = await admin.collection('counters').create({ n: 0 });
  const bump = async (url: string) => {
    for (let i = 0; i < 100; i += 10) {
      await Promise.all(Array.from({ length: 10 }, async () => {
        const res = await fetch(`${url}/api/collections/counters/records/${c.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"n+":1}' });
        assert.equal(res.status, 200, await res.text());
      }));
    }
  };
  // no bus between the nodes: B starts after the collection exists
  const b = await node(dir, database.env);
  await Promise.all([bump(a), bump(b)]);
  assert.equal((await admin.collection('counters').getOne(c.id)).n, 200);
});
