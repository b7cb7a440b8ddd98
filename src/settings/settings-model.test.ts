import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSettings } from './settings-merge.js';
import { defaultSettings, settingsSchema } from './settings-model.js';

/** GET /api/settings on a fresh PocketBase 0.40.4, byte for byte. */
const freshPocketBase = [
  '{',
  '"superuserIPs":[],',
  '"smtp":{"enabled":false,"port":587,"host":"smtp.example.com","username":"","authMethod":"",',
  '"tls":false,"localName":""},',
  '"backups":{"cron":"","cronMaxKeep":3,',
  '"s3":{"enabled":false,"bucket":"","region":"","endpoint":"","accessKey":"","forcePathStyle":false}},',
  '"s3":{"enabled":false,"bucket":"","region":"","endpoint":"","accessKey":"","forcePathStyle":false},',
  '"meta":{"accentColor":"#1055c9","appName":"Acme","appURL":"http://localhost:8090",',
  '"senderName":"Support","senderAddress":"support@example.com","hideControls":false},',
  '"rateLimits":{"rules":[{"label":"*:auth","audience":"","duration":3,"maxRequests":2},',
  '{"label":"*:create","audience":"","duration":5,"maxRequests":20},{"label":"/api/batch",',
  '"audience":"","duration":1,"maxRequests":3},{"label":"/api/","audience":"","duration":10,',
  '"maxRequests":300}],"excludedIPs":[],"enabled":false},',
  '"trustedProxy":{"headers":[],"useLeftmostIP":false},',
  '"batch":{"enabled":false,"maxRequests":50,"timeout":3,"maxBodySize":0},',
  '"logs":{"maxDataSize":0,"maxDays":5,"minLevel":0,"logIP":true,"logAuthId":false}}',
].join('');

test('defaults serve exactly what a fresh PocketBase serves, key order included', () => {
  assert.equal(JSON.stringify(redactSettings(defaultSettings())), freshPocketBase);
});

test('defaults hold the hidden secrets as empty strings', () => {
  const s = defaultSettings();
  assert.equal(s.smtp.password, '');
  assert.equal(s.s3.secret, '');
  assert.equal(s.backups.s3.secret, '');
});

test('defaults satisfy the schema and are fresh objects each call', () => {
  assert.ok(settingsSchema.safeParse(defaultSettings()).success);
  const a = defaultSettings();
  a.rateLimits.rules.pop();
  assert.equal(defaultSettings().rateLimits.rules.length, 4);
});
