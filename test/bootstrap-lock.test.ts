import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestSchema, testPostgresUrl } from '../src/store/postgres/test-schema.js';

// Postgres only, on either pass of the suite: SQLite nodes share a file, not a database server.
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

async function node(dir: string, db: string): Promise<string> {
  const port = await freePort();
  const p = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, `--db=${db}`], { env: { ...process.env, PLINTH_LOG_LEVEL: 'silent' } });
  procs.push(p);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return `http://127.0.0.1:${port}`;
}

test('three nodes starting at once on an empty Postgres schema: all healthy, one set of system collections', async () => {
  const schema = await createTestSchema();
  cleanups.push(schema.drop);
  const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'plinth-boot-')));
  cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const urls = await Promise.all(dirs.map((d) => node(d, schema.url)));
  for (const u of urls) assert.equal((await fetch(`${u}/api/health`)).status, 200);
  const c = new pg.Client({ connectionString: testPostgresUrl });
  await c.connect();
  try {
    const rows = (await c.query(`SELECT name FROM ${schema.schema}._collections ORDER BY name`)).rows.map((r) => r.name);
    assert.deepEqual(rows, ['_authOrigins', '_externalAuths', '_mfas', '_otps', '_pushSubscriptions', '_superusers', 'users']);
    const settings = await c.query(`SELECT COUNT(*)::int AS n FROM ${schema.schema}._params`);
    assert.equal(settings.rows[0].n, 1);
  } finally {
    await c.end();
  }
});
