import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../lib/errors.js';
import { loadErrorMessage, mergeSettings, redactSettings } from './settings-merge.js';
import { defaultSettings, type Settings } from './settings-model.js';

function withSecrets(): Settings {
  return mergeSettings(defaultSettings(), {
    smtp: { password: 'smtp-pw' }, s3: { secret: 's3-secret' }, backups: { s3: { secret: 'backup-secret' } },
  });
}

// Each of these made PocketBase 0.40.4 answer 400 "An error occurred while loading the submitted data." with data {}.
const refusedBodies: unknown[] = [
  { batch: { maxRequests: 'x' } },
  { batch: { maxRequests: 1.5 } },
  { batch: { maxRequests: 1e30 } },
  { batch: { enabled: 'true' } },
  { meta: { appName: 5 } },
  { meta: [] },
  { superuserIPs: '1.2.3.4' },
  { superuserIPs: [1] },
  { rateLimits: { rules: [{ label: 1 }] } },
  { rateLimits: { rules: {} } },
  { meta: { appName: '', app_Name: 'B' } },
  { meta: { appName: '', appname: 'B' } },
  [],
  'x',
];

for (const body of refusedBodies) {
  test(`refuses the whole body: ${JSON.stringify(body)}`, () => {
    assert.throws(() => mergeSettings(defaultSettings(), body), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.status, 400);
      assert.equal(err.message, loadErrorMessage);
      assert.deepEqual(err.data, {});
      return true;
    });
  });
}

test('merges objects key by key and leaves the rest alone', () => {
  const s = mergeSettings(defaultSettings(), { meta: { appName: 'Shop' }, batch: { enabled: true } });
  const expected = defaultSettings();
  expected.meta.appName = 'Shop';
  expected.batch.enabled = true;
  assert.deepEqual(s, expected);
});

test('ignores unknown keys at any depth', () => {
  assert.deepEqual(mergeSettings(defaultSettings(), { foo: 1, meta: { bar: [] }, rateLimits: { rules: [{ label: '/x', zap: 1 }] } }).meta, defaultSettings().meta);
});

test('matches key names ignoring case, underscores and dashes', () => {
  assert.equal(mergeSettings(defaultSettings(), { META: { APPNAME: 'A' } }).meta.appName, 'A');
  assert.equal(mergeSettings(defaultSettings(), { meta: { app_name: 'B' } }).meta.appName, 'B');
  assert.equal(mergeSettings(defaultSettings(), { meta: { 'app-name': 'C' } }).meta.appName, 'C');
});

test('null resets a value to its zero', () => {
  const s = mergeSettings(defaultSettings(), {
    meta: { appName: null }, batch: { enabled: null, maxRequests: null }, rateLimits: { rules: null }, superuserIPs: [null],
  });
  assert.equal(s.meta.appName, '');
  assert.equal(s.batch.maxRequests, 0);
  assert.deepEqual(s.rateLimits.rules, []);
  assert.deepEqual(s.superuserIPs, ['']);
  assert.deepEqual(mergeSettings(defaultSettings(), { logs: null }).logs, { maxDataSize: 0, maxDays: 0, minLevel: 0, logIP: false, logAuthId: false });
});

test('arrays are replaced and their objects start from zero, not from the old items', () => {
  const s = mergeSettings(defaultSettings(), { rateLimits: { rules: [{ label: '/x' }, null] } });
  assert.deepEqual(s.rateLimits.rules, [
    { label: '/x', audience: '', duration: 0, maxRequests: 0 },
    { label: '', audience: '', duration: 0, maxRequests: 0 },
  ]);
});

test('omitted secrets keep their stored value; explicit empty strings clear them', () => {
  const kept = mergeSettings(withSecrets(), { smtp: { host: 'mail.example.com' }, s3: { bucket: 'b' }, backups: { cron: '@daily' } });
  assert.equal(kept.smtp.password, 'smtp-pw');
  assert.equal(kept.s3.secret, 's3-secret');
  assert.equal(kept.backups.s3.secret, 'backup-secret');
  const cleared = mergeSettings(withSecrets(), { smtp: { password: '' }, s3: { secret: null } });
  assert.equal(cleared.smtp.password, '');
  assert.equal(cleared.s3.secret, '');
});

test('never mutates the current settings', () => {
  const current = withSecrets();
  const before = structuredClone(current);
  mergeSettings(current, { meta: { appName: 'X' }, rateLimits: { rules: [] } });
  assert.deepEqual(current, before);
});

test('keeps PocketBase key order whatever order the patch uses', () => {
  const s = mergeSettings(defaultSettings(), { logs: { logIP: false }, meta: { hideControls: true, appName: 'Z' } });
  assert.deepEqual(Object.keys(s), Object.keys(defaultSettings()));
  assert.deepEqual(Object.keys(s.meta), Object.keys(defaultSettings().meta));
});

test('redaction drops the three secrets and nothing else', () => {
  const s = withSecrets();
  const out = JSON.parse(JSON.stringify(redactSettings(s)));
  assert.equal('password' in out.smtp, false);
  assert.equal('secret' in out.s3, false);
  assert.equal('secret' in out.backups.s3, false);
  assert.equal(JSON.stringify(out).includes('secret'), false);
  const { password: _p, ...smtp } = s.smtp;
  assert.deepEqual(out.smtp, smtp);
  assert.equal(s.smtp.password, 'smtp-pw', 'the input keeps its secrets');
});
