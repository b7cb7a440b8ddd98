import { startS3, useS3 } from './files-fixtures.js';
import { fileScenarios } from './files-scenarios.js';

// The same scenarios against a real S3-compatible server (s3rver) on a loopback port.
let s3: Awaited<ReturnType<typeof startS3>>;
fileScenarios({
  name: 'S3 (s3rver)',
  async setup(s) {
    s3 = await startS3();
    await useS3(s, s3);
    return s3.probe;
  },
  teardown: () => s3?.stop(),
});
