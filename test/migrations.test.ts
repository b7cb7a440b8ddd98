import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import { testDatabase } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'plinth-migrate-'));
let database: Awaited<ReturnType<typeof testDatabase>>;
before(async () => {
  database = await testDatabase();
});
after(async () => {
  rmSync(root, { recursive: true, force: true });
  await database.drop();
});

const plinth = (...args: string[]) => spawnSync(process.execPath, ['bin/plinth.js', ...args, `--dir=${join(root, 'plinth_data')}`], { encoding: 'utf8', env: { ...process.env, ...database.env } });

test('plinth migrate applies pending files once, records history, reverts, and snapshots collections', async () => {
  mkdirSync(join(root, 'plinth_migrations'));
  writeFileSync(join(root, 'plinth_migrations', '1700000000_posts.ts'), `
export async function up(api: any) {
  await api.app.collections.create({ name: 'posts', type: 'base', fields: [{ name: 'title', type: 'text' }] });
  await api.records.create('posts', { title: 'seeded' });
}
export async function down(api: any) {
  await api.app.collections.delete('posts');
}
`);
  writeFileSync(join(root, 'plinth_migrations', '1700000001_broken.ts'), `
export async function up(api: any) {
  await api.app.collections.create({ name: 'tags', type: 'base', fields: [] });
  throw new Error('half-way failure');
}
`);
  const up = plinth('migrate', 'up');
  assert.equal(up.status, 1);
  assert.match(up.stdout + up.stderr, /half-way failure/);
  let app = await createApp({ dataDir: join(root, 'plinth_data'), db: database.db });
  assert.ok(app.collections.find('posts'), 'the good migration applied');
  assert.equal(app.collections.find('tags'), undefined, 'the failed migration rolled back whole');
  await app.close();

  rmSync(join(root, 'plinth_migrations', '1700000001_broken.ts'));
  assert.match(plinth('migrate', 'up').stdout, /No new migrations/);
  assert.match(plinth('migrate', 'history').stdout, /1700000000_posts\.ts/);
  assert.match(plinth('migrate', 'collections').stdout, /Created .*collections_snapshot\.ts/);
  assert.match(plinth('migrate', 'down').stdout, /Reverted 1700000000_posts\.ts/);
  app = await createApp({ dataDir: join(root, 'plinth_data'), db: database.db });
  assert.equal(app.collections.find('posts'), undefined);
  await app.close();
  // the snapshot recreates what existed when it was taken
  assert.match(plinth('migrate', 'up').stdout, /Applied 1700000000_posts\.ts\nApplied \d+_collections_snapshot\.ts/);
  assert.equal(readdirSync(join(root, 'plinth_migrations')).length, 2);
});
