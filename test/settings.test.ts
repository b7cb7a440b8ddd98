import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { createApp } from '../src/app/app.js';
import { buildServer } from '../src/http/server.js';
import { startServer, superuserEmail, superuserPassword, testDatabase, type TestServer } from './harness.js';
import { apiTable, errors } from './api-table.js';

// Expectations were taken from PocketBase 0.40.4 answering the same requests.

let s: TestServer;
let admin: PocketBase;
const tokens: Record<string, string> = {};
const server = () => s;

before(async () => {
  s = await startServer();
  admin = await s.admin();
  tokens.admin = admin.authStore.token;
  await admin.collections.create({ name: 'set_users', type: 'auth', createRule: '' });
  await admin.collection('set_users').create({ email: 'user@example.com', password: 'user-pass-123', passwordConfirm: 'user-pass-123' });
  const user = s.client();
  await user.collection('set_users').authWithPassword('user@example.com', 'user-pass-123');
  tokens.user = user.authStore.token;
});

after(async () => s?.stop());

const defaults = {
  meta: { appName: 'Acme', appURL: 'http://localhost:8090', senderName: 'Support', senderAddress: 'support@example.com', hideControls: false, accentColor: '#1055c9' },
  smtp: { enabled: false, host: 'smtp.example.com', port: 587, username: '', authMethod: '', tls: false, localName: '' },
  s3: { enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', forcePathStyle: false },
  backups: { cron: '', cronMaxKeep: 3, s3: { enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', forcePathStyle: false } },
  batch: { enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 },
  rateLimits: {
    enabled: false,
    excludedIPs: [],
    rules: [
      { label: '*:auth', audience: '', duration: 3, maxRequests: 2 },
      { label: '*:create', audience: '', duration: 5, maxRequests: 20 },
      { label: '/api/batch', audience: '', duration: 1, maxRequests: 3 },
      { label: '/api/', audience: '', duration: 10, maxRequests: 300 },
    ],
  },
  trustedProxy: { headers: [], useLeftmostIP: false },
  logs: { maxDays: 5, minLevel: 0, logIP: true, logAuthId: false, maxDataSize: 0 },
  superuserIPs: [],
};

describe('access', () => {
  apiTable(server, tokens, [
    { name: 'GET /api/settings as guest → 401', url: '/api/settings', status: 401, json: errors.unauthorized },
    { name: 'GET /api/settings as a regular user → 403', url: '/api/settings', auth: 'user', status: 403, json: errors.forbidden },
    { name: 'PATCH /api/settings as guest → 401', method: 'PATCH', url: '/api/settings', body: { meta: { appName: 'Guest' } }, status: 401, json: errors.unauthorized },
    { name: 'PATCH /api/settings as a regular user → 403', method: 'PATCH', url: '/api/settings', auth: 'user', body: { meta: { appName: 'User' } }, status: 403, json: errors.forbidden },
  ]);
});

describe('read and update', () => {
  test('a fresh app answers PocketBase defaults without secrets', async () => {
    const all = await admin.settings.getAll();
    assert.deepEqual(all, defaults);
  });

  test('update merges a partial body and answers the full settings', async () => {
    const out = await admin.settings.update({ meta: { appName: 'Plinth Test', accentColor: '#ff0000' }, batch: { enabled: true } });
    assert.deepEqual(out, { ...defaults, meta: { ...defaults.meta, appName: 'Plinth Test', accentColor: '#ff0000' }, batch: { ...defaults.batch, enabled: true } });
    assert.deepEqual(await admin.settings.getAll(), out);
    const fields = await s.fetchJson('/api/settings?fields=meta.appName,batch', { token: tokens.admin });
    assert.deepEqual(fields.body, { meta: { appName: 'Plinth Test' }, batch: { ...defaults.batch, enabled: true } });
  });

  const invalid = (data: unknown) => ({ status: 400, message: 'An error occurred while saving the new settings.', data });
  const blank = { code: 'validation_required', message: 'Cannot be blank.' };
  apiTable(server, tokens, [
    { name: 'empty appName → validation_required', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { meta: { appName: '' } }, status: 400, json: invalid({ meta: { appName: blank } }) },
    {
      name: 'bad meta values',
      method: 'PATCH',
      url: '/api/settings',
      auth: 'admin',
      body: { meta: { appName: 'x', appURL: 'not a url', senderAddress: 'bad', accentColor: 'blue', senderName: '' } },
      status: 400,
      json: invalid({
        meta: {
          accentColor: { code: 'validation_length_invalid', message: 'The length must be exactly 7.', params: { min: 7, max: 7 } },
          appURL: { code: 'validation_is_url', message: 'Must be a valid URL.' },
          senderAddress: { code: 'validation_is_email', message: 'Must be a valid email address.' },
          senderName: blank,
        },
      }),
    },
    { name: 'enabled smtp needs host and port and a known authMethod', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { smtp: { enabled: true, host: '', port: 0, authMethod: 'WEIRD' } }, status: 400, json: invalid({ smtp: { authMethod: { code: 'validation_in_invalid', message: 'Must be a valid value.' }, host: blank, port: blank } }) },
    { name: 'enabled s3 needs bucket, region, endpoint, accessKey and a secret', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { s3: { enabled: true, bucket: '', region: '', endpoint: '', accessKey: '' } }, status: 400, json: invalid({ s3: { accessKey: blank, bucket: blank, endpoint: blank, region: blank, secret: blank } }) },
    { name: 'invalid backups cron', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { backups: { cron: 'nope' } }, status: 400, json: invalid({ backups: { cron: { code: 'validation_invalid_cron', message: 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.' } } }) },
    { name: 'invalid superuser IP', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { superuserIPs: ['not-an-ip'] }, status: 400, json: invalid({ superuserIPs: { 0: { code: 'validation_invlaid_ip_or_subnet', message: 'Invalid IP or CIDR subnet.' } } }) },
    { name: 'negative logs.maxDays', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { logs: { maxDays: -1 } }, status: 400, json: invalid({ logs: { maxDays: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } } } }) },
    {
      name: 'negative batch limits',
      method: 'PATCH',
      url: '/api/settings',
      auth: 'admin',
      body: { batch: { maxRequests: -1, timeout: -1 } },
      status: 400,
      json: invalid({ batch: { maxRequests: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } }, timeout: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } } } }),
    },
    { name: 'empty rate limit rule', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { rateLimits: { rules: [{ label: '', duration: 0, maxRequests: 0 }] } }, status: 400, json: invalid({ rateLimits: { rules: { 0: { duration: blank, label: blank, maxRequests: blank } } } }) },
    { name: 'a section of the wrong type → 400 loading error', method: 'PATCH', url: '/api/settings', auth: 'admin', body: { meta: 'x' }, status: 400, json: { status: 400, message: 'An error occurred while loading the submitted data.', data: {} } },
    { name: 'a JSON array body → 400 loading error', method: 'PATCH', url: '/api/settings', auth: 'admin', body: [], status: 400, json: { status: 400, message: 'An error occurred while loading the submitted data.', data: {} } },
  ]);

  test('failed updates changed nothing', async () => {
    const all = await admin.settings.getAll();
    assert.equal(all.meta.appName, 'Plinth Test');
    assert.equal(all.meta.appURL, defaults.meta.appURL);
    assert.equal(all.backups.cron, '');
    assert.deepEqual(all.superuserIPs, []);
    assert.equal(all.s3.enabled, false);
  });

  test('smtp.password and s3.secret are never returned and are kept when omitted', async () => {
    const out = await admin.settings.update({
      smtp: { enabled: true, host: 'smtp.test.local', port: 2525, username: 'mailer', password: 'smtp-secret-1' },
      s3: { secret: 's3-secret-1', accessKey: 'AK' },
      backups: { s3: { secret: 'backup-secret-1' } },
    });
    const bodies = [out, await admin.settings.getAll(), (await s.fetchJson('/api/settings', { token: tokens.admin })).body];
    for (const b of bodies) {
      assert.ok(!('password' in b.smtp) && !('secret' in b.s3) && !('secret' in b.backups.s3), JSON.stringify(b));
      assert.doesNotMatch(JSON.stringify(b), /secret-1/);
    }
    assert.deepEqual(out.smtp, { enabled: true, host: 'smtp.test.local', port: 2525, username: 'mailer', authMethod: '', tls: false, localName: '' });
    assert.equal(out.s3.accessKey, 'AK');
    assert.equal(s.app.settings.get().smtp.password, 'smtp-secret-1');

    await admin.settings.update({ smtp: { username: 'mailer2' }, s3: { region: 'eu' } });
    const stored = s.app.settings.get();
    assert.equal(stored.smtp.username, 'mailer2');
    assert.equal(stored.smtp.password, 'smtp-secret-1');
    assert.equal(stored.s3.secret, 's3-secret-1');
    assert.equal(stored.backups.s3.secret, 'backup-secret-1');
    await admin.settings.update({ smtp: { enabled: false } });
  });
});

describe('persistence', () => {
  test('settings survive a restart on the same data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-settings-'));
    const database = await testDatabase();
    const boot = async (first: boolean) => {
      const app = await createApp({ dataDir: dir, db: database.db });
      if (first) await app.records.create(app.collections.get('_superusers'), { email: superuserEmail, password: superuserPassword, passwordConfirm: superuserPassword }, { superuser: true });
      const srv = await buildServer(app, { logLevel: 'silent' });
      await srv.listen({ host: '127.0.0.1', port: 0 });
      const pb = new PocketBase(`http://127.0.0.1:${(srv.server.address() as { port: number }).port}`);
      pb.autoCancellation(false);
      await pb.collection('_superusers').authWithPassword(superuserEmail, superuserPassword);
      const stop = async () => {
        app.realtime.close();
        await srv.close();
        await app.close();
      };
      return { pb, app, stop };
    };
    try {
      const one = await boot(true);
      await one.pb.settings.update({ meta: { appName: 'Persisted', senderName: 'Robot' }, smtp: { host: 'mail.local', password: 'kept-secret' }, logs: { maxDays: 9 } });
      await one.stop();

      const two = await boot(false);
      const all = await two.pb.settings.getAll();
      assert.deepEqual([all.meta.appName, all.meta.senderName, all.smtp.host, all.logs.maxDays], ['Persisted', 'Robot', 'mail.local', 9]);
      assert.ok(!('password' in all.smtp));
      assert.equal(two.app.settings.get().smtp.password, 'kept-secret');
      await two.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
