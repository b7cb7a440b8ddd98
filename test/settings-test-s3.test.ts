import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './harness.js';
import { startS3, useS3 } from './files-fixtures.js';

let s: TestServer;
let s3: Awaited<ReturnType<typeof startS3>>;
before(async () => {
  s = await startServer();
  s3 = await startS3();
});
after(async () => {
  await s.stop();
  await s3.stop();
});

test('POST /api/settings/test/s3 checks the saved S3 settings against a real S3 server', async () => {
  const pb = await s.admin();
  const token = pb.authStore.token;
  const post = (json: unknown, tok = token) => s.fetchJson('/api/settings/test/s3', { method: 'POST', json, token: tok });
  assert.equal((await post({ filesystem: 'storage' }, '')).status, 401);

  const disabled = await post({ filesystem: 'storage' });
  assert.equal(disabled.status, 400);
  assert.match(disabled.body.message, /not enabled/);

  const missing = await post({});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.data.filesystem.code, 'validation_required');
  assert.equal((await post({ filesystem: 'other' })).body.data.filesystem.code, 'validation_in_invalid');

  await useS3(s, s3);
  await pb.settings.testS3('storage');
  assert.deepEqual(await s3.probe.keys('pb_settings_test_'), [], 'the test file was removed');

  await pb.settings.update({ s3: { bucket: 'no-such-bucket' } });
  const broken = await post({ filesystem: 'storage' });
  assert.equal(broken.status, 400);
  assert.match(broken.body.message, /^Failed to test the S3 filesystem\. Raw error: \nfailed to upload a test file: /);
  assert.equal((await post({ filesystem: 'backups' })).status, 400, 'backups S3 is not enabled');
});
