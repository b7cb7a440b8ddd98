import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { testDatabase } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The data dir is nested so the default plinth_hooks / plinth_migrations beside it are ours too.
let base: string;
let dir: string;
let database: Awaited<ReturnType<typeof testDatabase>>;

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'plinth-cli-'));
  dir = join(base, 'data');
  database = await testDatabase();
});

after(async () => {
  rmSync(base, { recursive: true, force: true });
  await database.drop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function plinth(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/plinth.js', ...args], { cwd: root, env: { ...process.env, ...database.env, PLINTH_LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('arguments', { concurrency: true }, () => {
  test('--help prints usage and exits 0', async () => {
    const r = await plinth(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage:/);
    assert.match(r.stdout, /plinth serve/);
    assert.match(r.stdout, /plinth superuser upsert EMAIL PASS/);
    assert.equal(r.stderr, '');
  });

  test('an unknown flag exits 1 with a clear error', async () => {
    const r = await plinth(['serve', '--bogus']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown flag: --bogus/);
    assert.match(r.stderr, /plinth --help/);
    assert.equal(r.stdout, '');
  });

  test('an unknown command exits 1 with a clear error', async () => {
    const r = await plinth(['frobnicate']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });
});

test('superuser upsert, serve, sign in, SIGTERM drains the request in flight and exits 0', async () => {
  const up = await plinth(['superuser', 'upsert', 'a@b.c', 'pass12345678', `--dir=${dir}`]);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /Successfully saved superuser "a@b.c"!/);

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`], { cwd: root, env: { ...process.env, ...database.env, PLINTH_LOG_LEVEL: 'silent' } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Server started" line; got: ${out}`)), 20_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('Server started')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (d) => (out += d));
      child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
    });
    assert.match(out, new RegExp(`Server started at http://127\\.0\\.0\\.1:${port}`));

    const pb = new PocketBase(`http://127.0.0.1:${port}`);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword('a@b.c', 'pass12345678');
    assert.equal(pb.authStore.isSuperuser, true);
    await pb.collections.create({ name: 'cli_notes', fields: [{ name: 'text', type: 'editor' }] });

    // A create whose body is only half sent when SIGTERM arrives must still complete.
    const body = JSON.stringify({ text: 'x'.repeat(64 * 1024) });
    const half = body.length >> 1;
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `http://127.0.0.1:${port}/api/collections/cli_notes/records`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: pb.authStore.token } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      pause(300).then(() => {
        child.kill('SIGTERM');
        return pause(500);
      }).then(() => req.end(body.slice(half)));
    });
    const res = await answer;
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.text.length, 64 * 1024);
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
