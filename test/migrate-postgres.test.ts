import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { createTestSchema } from '../src/store/postgres/test-schema.js';

// Always SQLite → Postgres, whichever store the suite runs on: the source is a SQLite data dir.
const procs: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const p of procs) p.kill('SIGTERM');
  for (const c of cleanups) await c();
});

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});
const sqliteEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PLINTH_LOG_LEVEL: 'silent' };
  delete env.PLINTH_DB;
  return env;
};

async function serve(dir: string, db?: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const args = ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, ...(db ? [`--db=${db}`] : [])];
  const p = spawn(process.execPath, args, { env: sqliteEnv() });
  procs.push(p);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => (p.once('exit', () => r()), p.kill('SIGTERM'))) };
}

const migrate = (dir: string, ...flags: string[]) => spawnSync(process.execPath, ['bin/plinth.js', 'migrate', `--dir=${dir}`, ...flags], { env: sqliteEnv(), encoding: 'utf8' });

test('migrate --to copies a SQLite app to Postgres: records, users who still sign in, relations, views, files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-migrate-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'root@example.com', 'root-password-1', `--dir=${dir}`], { env: sqliteEnv() }).status, 0);
  const lite = await serve(dir);
  const admin = new PocketBase(lite.url);
  admin.autoCancellation(false);
  await admin.collection('_superusers').authWithPassword('root@example.com', 'root-password-1');
  const authors = await admin.collections.create({ name: 'authors', type: 'base', listRule: '', viewRule: '', fields: [{ name: 'name', type: 'text' }] });
  await admin.collections.create({
    name: 'posts', type: 'base', listRule: '', viewRule: '',
    fields: [
      { name: 'title', type: 'text', required: true }, { name: 'meta', type: 'json' }, { name: 'views', type: 'number' }, { name: 'draft', type: 'bool' },
      { name: 'tags', type: 'select', maxSelect: 3, values: ['a', 'b', 'c'] }, { name: 'author', type: 'relation', collectionId: authors.id, maxSelect: 1 },
      { name: 'cover', type: 'file', maxSelect: 1 }, { name: 'place', type: 'geoPoint' }, { name: 'published', type: 'date' },
    ],
    indexes: ['CREATE UNIQUE INDEX idx_posts_title ON posts (title)'],
  });
  await admin.collections.create({ name: 'post_authors', type: 'view', listRule: '', viewRule: '', viewQuery: 'SELECT p.id, p.title, a.name AS author_name FROM posts p JOIN authors a ON a.id = p.author' });
  const ann = await admin.collection('authors').create({ name: 'Ann' });
  const bob = await admin.collection('authors').create({ name: 'Bob' });
  const form = new FormData();
  Object.entries({ title: 'with file', meta: JSON.stringify({ k: [1, 'x'] }), views: '7', draft: 'true', author: ann.id, place: JSON.stringify({ lon: 13.4, lat: 52.5 }), published: '2024-05-01 10:00:00.000Z' }).forEach(([k, v]) => form.append(k, v));
  form.append('tags', 'a');
  form.append('tags', 'c');
  form.append('cover', new Blob([Buffer.from('cover bytes')], { type: 'text/plain' }), 'cover.txt');
  await admin.collection('posts').create(form);
  // enough rows for several batches of the copy
  for (let i = 0; i < 510; i += 30) {
    await Promise.all(Array.from({ length: 30 }, (_, j) => admin.collection('posts').create({ title: `post ${i + j}`, meta: { i: i + j }, views: i + j, author: (i + j) % 2 ? bob.id : ann.id, tags: ['b'] })));
  }
  await admin.collection('users').create({ email: 'u1@example.com', password: 'user-password-1', passwordConfirm: 'user-password-1', name: 'User One' });
  const before = await new PocketBase(lite.url).collection('posts').getFullList({ sort: 'title' });
  const viewBefore = await new PocketBase(lite.url).collection('post_authors').getFullList({ sort: 'title' });
  await lite.stop();

  const schema = await createTestSchema();
  cleanups.push(schema.drop);
  const r = migrate(dir, `--to=${schema.url}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /posts {2}511\/511 {2}\d+ rows\/s/);
  assert.match(r.stdout, /^posts +511 +511 +ok$/m);
  assert.match(r.stdout, /^_superusers +1 +1 +ok$/m);
  assert.match(r.stdout, /^users +1 +1 +ok$/m);
  assert.match(r.stdout, /Verified: \d+ tables, row counts match\./);

  const again = migrate(dir, `--to=${schema.url}`);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /target is not empty.*--force/);

  const pgNode = await serve(dir, schema.url);
  const pb = new PocketBase(pgNode.url);
  pb.autoCancellation(false);
  assert.deepEqual(await pb.collection('posts').getFullList({ sort: 'title' }), before);
  assert.deepEqual(await pb.collection('post_authors').getFullList({ sort: 'title' }), viewBefore);
  const byAnn = await pb.collection('posts').getList(1, 1, { filter: 'author.name = "Ann" && meta.i = 2' });
  assert.equal(byAnn.totalItems, 1);
  const auth = await pb.collection('users').authWithPassword('u1@example.com', 'user-password-1');
  assert.equal(auth.record.name, 'User One');
  await pb.collection('_superusers').authWithPassword('root@example.com', 'root-password-1');
  const withFile = before.find((p) => p.title === 'with file')!;
  const res = await fetch(pb.files.getURL(withFile, withFile.cover));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'cover bytes');
  assert.deepEqual([withFile.tags, withFile.place, withFile.draft, withFile.meta], [['a', 'c'], { lon: 13.4, lat: 52.5 }, true, { k: [1, 'x'] }]);
  await pgNode.stop();

  const forced = migrate(dir, `--to=${schema.url}`, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /^posts +511 +511 +ok$/m);
});
