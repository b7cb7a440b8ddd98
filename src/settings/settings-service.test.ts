import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BadRequestError, ValidationError } from '../lib/errors.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { loadErrorMessage } from './settings-merge.js';
import { defaultSettings, type Settings } from './settings-model.js';
import { saveErrorMessage, SettingsService } from './settings-service.js';

const dir = mkdtempSync(join(tmpdir(), 'plinth-settings-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempDb = () => join(dir, `data-${++files}.db`);

async function open(file = ':memory:') {
  const store = new SqliteStore(file);
  const service = new SettingsService(store);
  await service.load();
  return { store, service };
}

test('load creates the table and the default row on a fresh database', async () => {
  const { store, service } = await open();
  assert.deepEqual(service.get(), defaultSettings());
  const row = await store.get<{ value: string; created: string; updated: string }>("SELECT * FROM _params WHERE id = 'settings'");
  assert.deepEqual(JSON.parse(row!.value), defaultSettings());
  assert.match(row!.created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
  await store.close();
});

test('get returns a frozen cache', async () => {
  const { store, service } = await open();
  assert.throws(() => { service.get().meta.appName = 'x'; }, TypeError);
  assert.equal(service.get(), service.get());
  await store.close();
});

test('update saves, and a new service on the same file sees it', async () => {
  const file = tempDb();
  const first = await open(file);
  const saved = await first.service.update({ meta: { appName: 'Shop' }, smtp: { password: 'pw' }, rateLimits: { enabled: true } });
  assert.equal(saved.meta.appName, 'Shop');
  assert.equal(first.service.get().meta.appName, 'Shop');
  await first.store.close();

  const second = await open(file);
  assert.equal(second.service.get().meta.appName, 'Shop');
  assert.equal(second.service.get().smtp.password, 'pw');
  assert.equal(second.service.get().rateLimits.enabled, true);
  await second.store.close();
});

test('a PATCH without the secret keeps the stored one', async () => {
  const file = tempDb();
  const first = await open(file);
  await first.service.update({ s3: { enabled: true, bucket: 'b', region: 'r', endpoint: 'https://s3.example.com', accessKey: 'k', secret: 'top' } });
  await first.service.update({ s3: { bucket: 'other' } });
  await first.store.close();
  const second = await open(file);
  assert.equal(second.service.get().s3.secret, 'top');
  assert.equal(second.service.get().s3.bucket, 'other');
  await second.store.close();
});

test('invalid values throw PocketBase\'s save error and change nothing', async () => {
  const { store, service } = await open();
  await assert.rejects(service.update({ meta: { appName: '' }, smtp: { enabled: true, host: '' } }), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.message, saveErrorMessage);
    assert.deepEqual(err.data, {
      meta: { appName: { code: 'validation_required', message: 'Cannot be blank.' } },
      smtp: { host: { code: 'validation_required', message: 'Cannot be blank.' } },
    });
    return true;
  });
  assert.deepEqual(service.get(), defaultSettings());
  const row = await store.get<{ value: string }>("SELECT value FROM _params WHERE id = 'settings'");
  assert.deepEqual(JSON.parse(row!.value), defaultSettings());
  await store.close();
});

test('a body of the wrong shape throws the load error', async () => {
  const { store, service } = await open();
  await assert.rejects(service.update({ batch: { maxRequests: 'x' } }), (err: unknown) =>
    err instanceof BadRequestError && err.message === loadErrorMessage);
  await store.close();
});

test('onChange hears committed changes only, until unsubscribed', async () => {
  const { store, service } = await open();
  const heard: Array<[string, string]> = [];
  const off = service.onChange((next, previous) => heard.push([previous.meta.appName, next.meta.appName]));
  service.onChange(() => { throw new Error('a broken listener must not stop the others'); });
  await service.update({ meta: { appName: 'One' } });
  await service.update({ meta: { appName: '' } }).catch(() => undefined);
  off();
  await service.update({ meta: { appName: 'Two' } });
  assert.deepEqual(heard, [['Acme', 'One']]);
  await store.close();
});

test('an update rolled back with its outer transaction leaves the cache alone', async () => {
  const { store, service } = await open();
  await store.transaction(async () => {
    await service.update({ meta: { appName: 'Doomed' } });
    throw new Error('rollback');
  }).catch(() => undefined);
  assert.equal(service.get().meta.appName, 'Acme');
  await store.close();
});

test('reload picks up a change written by another instance and notifies', async () => {
  const file = tempDb();
  const a = await open(file);
  const b = await open(file);
  const heard: Settings[] = [];
  a.service.onChange((next) => heard.push(next));
  await b.service.update({ meta: { appName: 'FromB' } });
  await a.service.load();
  assert.equal(a.service.get().meta.appName, 'FromB');
  assert.equal(heard.length, 1);
  await a.service.load();
  assert.equal(heard.length, 1, 'an unchanged reload is silent');
  await b.store.close();
  await a.store.close();
});

test('a row from an older version gains the newer keys with their defaults', async () => {
  const store = new SqliteStore(':memory:');
  await store.exec(`CREATE TABLE _params (id TEXT PRIMARY KEY NOT NULL, value JSON DEFAULT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL)`);
  // As an older PocketBase wrote it: no logs.maxDataSize, no trustedProxy section.
  const { trustedProxy: _tp, ...old } = defaultSettings();
  const { maxDataSize: _m, ...logs } = old.logs;
  old.meta.appName = 'Legacy';
  await store.run("INSERT INTO _params (id, value) VALUES ('settings', ?)", [JSON.stringify({ ...old, logs })]);
  const service = new SettingsService(store);
  const s = await service.load();
  assert.equal(s.meta.appName, 'Legacy');
  assert.equal(s.logs.maxDataSize, 0);
  assert.deepEqual(s.trustedProxy, { headers: [], useLeftmostIP: false });
  await store.close();
});
