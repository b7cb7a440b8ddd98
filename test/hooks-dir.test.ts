import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabase } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'plinth-hooksdir-'));
const procs: ChildProcess[] = [];
const indexTs = resolve('src/index.ts');

let database: Awaited<ReturnType<typeof testDatabase>>;
before(async () => {
  database = await testDatabase();
});

after(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  rmSync(root, { recursive: true, force: true });
  await database.drop();
});

const freePort = () => new Promise<number>((res) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => res(p));
  });
});

const hookSource = (greeting: string) => `
import type { PlinthApi } from ${JSON.stringify(indexTs)};
export default function (app: PlinthApi) {
  app.routerAdd('GET', '/api/greet/:name', (e) => ({ message: ${JSON.stringify(greeting)} + ', ' + e.params.name }));
}
`;

async function until<T>(fn: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('plinth_hooks beside the data dir load at start and reload in --dev; a broken edit keeps the old hooks', async () => {
  const dir = join(root, 'a');
  mkdirSync(join(dir, 'plinth_hooks'), { recursive: true });
  writeFileSync(join(dir, 'plinth_hooks', 'greet.ts'), hookSource('Hello'));
  const port = await freePort();
  const p = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${join(dir, 'plinth_data')}`, '--dev'], { env: { ...process.env, ...database.env, PLINTH_LOG_LEVEL: 'silent' } });
  procs.push(p);
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  const get = async () => {
    const r = await fetch(`http://127.0.0.1:${port}/api/greet/ann`);
    return r.ok ? ((await r.json()) as { message: string }).message : undefined;
  };
  assert.equal(await until(get).catch((e) => { throw new Error(e.message + ' stderr: ' + err); }), 'Hello, ann');
  writeFileSync(join(dir, 'plinth_hooks', 'greet.ts'), hookSource('Hi'));
  assert.equal(await until(async () => ((await get()) === 'Hi, ann' ? 'ok' : undefined)), 'ok');
  writeFileSync(join(dir, 'plinth_hooks', 'greet.ts'), 'export default function (app) { app.routerAdd( ');
  await until(async () => (err.includes('not reloaded') ? true : undefined)).catch((e) => { throw new Error(e.message + ' stderr: ' + err); });
  assert.match(err, /greet\.ts/);
  assert.equal(await get(), 'Hi, ann');
});

test('a syntax error in a hook file stops plinth serve with a message naming the file and line', () => {
  const dir = join(root, 'b');
  mkdirSync(join(dir, 'plinth_hooks'), { recursive: true });
  writeFileSync(join(dir, 'plinth_hooks', 'broken.ts'), 'export default function (app) {\n  const x = ;\n}\n');
  const r = spawnSync(process.execPath, ['bin/plinth.js', 'serve', '--http=127.0.0.1:0', `--dir=${join(dir, 'plinth_data')}`], { encoding: 'utf8', timeout: 20000, env: { ...process.env, ...database.env } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /broken\.ts:2/);
});
