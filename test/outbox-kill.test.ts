import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { testDatabase } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let base: string;
let dir: string;
let database: Awaited<ReturnType<typeof testDatabase>>;
const procs: ChildProcess[] = [];

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'plinth-outbox-kill-'));
  dir = join(base, 'data');
  database = await testDatabase();
});

after(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
  await database.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve().then(fn).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const env = {
  ...process.env,
  PLINTH_LOG_LEVEL: 'silent',
  PLINTH_WEBHOOKS_ALLOW_PRIVATE: '1',
  PLINTH_WEBHOOK_TIMEOUT_MS: '1000',
  // a claim held by a killed process frees up after this
  PLINTH_OUTBOX_LEASE_MS: '2000',
  PLINTH_OUTBOX_BACKOFF_MS: '50',
  PLINTH_OUTBOX_POLL_MS: '200',
  // two deliveries in flight at the kill, the rest committed but never claimed
  PLINTH_OUTBOX_CONCURRENCY: '2',
};

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`], { cwd: root, env: { ...env, ...database.env } });
  procs.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await until(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok).catch(() => {
    throw new Error('server did not start: ' + out);
  });
  return child;
}

test('plinth serve killed with SIGKILL while deliveries are pending loses none: they go out after restart', async () => {
  const up = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'a@b.c', 'pass12345678', `--dir=${dir}`], { cwd: root, env: { ...env, ...database.env }, encoding: 'utf8' });
  assert.equal(up.status, 0, up.stderr);

  // the receiver first holds every request unanswered, then (after the restart) accepts
  let accepting = false;
  const held: ServerResponse[] = [];
  const received: { record: string; key: string }[] = [];
  const receiver = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (!accepting) return void held.push(res);
      received.push({ record: JSON.parse(body).record.id, key: String(req.headers['idempotency-key']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/in`;

  try {
    const port = await freePort();
    const first = await serve(port);
    const pb = new PocketBase(`http://127.0.0.1:${port}`);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword('a@b.c', 'pass12345678');
    await pb.collections.create({ name: 'events', fields: [{ name: 'n', type: 'number' }], createRule: '' });
    await pb.send('/api/webhooks', { method: 'POST', body: { url: hookUrl, collections: ['events'] } });
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push((await pb.collection('events').create({ n })).id);
    await until(() => held.length >= 2);
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;
    for (const res of held) res.destroy();

    accepting = true;
    const port2 = await freePort();
    await serve(port2);
    await until(() => ids.every((id) => received.some((r) => r.record === id)));
    const pb2 = new PocketBase(`http://127.0.0.1:${port2}`);
    pb2.autoCancellation(false);
    await pb2.collection('_superusers').authWithPassword('a@b.c', 'pass12345678');
    const log = await until(async () => {
      const r = await pb2.send('/api/webhooks/deliveries', { query: { perPage: 50 } });
      return r.items.every((i: { status: string }) => i.status === 'delivered') ? r : undefined;
    });
    assert.equal(log.totalItems, 6);
    // at least once: a receiver drops repeats by key; here every key arrived exactly once
    assert.equal(new Set(received.map((r) => r.key)).size, 6);
  } finally {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
});
