import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { App } from '../../app/app.js';
import { S3Storage } from '../../files/s3-storage.js';
import { BadRequestError, fieldError } from '../../lib/errors.js';
import { loadDataError, readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';

/**
 * POST /api/settings/test/s3   `{filesystem: "storage"|"backups"}`: upload, list and delete a test
 * file with the saved S3 settings; 204 when all three work
 */
export function settingsTestS3Routes(server: FastifyInstance, app: App): void {
  server.post('/api/settings/test/s3', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    requireSuperuser(req);
    const { data } = await readBody(req);
    const fs = data.filesystem;
    if (fs !== 'storage' && fs !== 'backups') {
      const error = fs == null || fs === '' ? fieldError('validation_required', 'Cannot be blank.') : fieldError('validation_in_invalid', 'Must be a valid value.');
      throw new BadRequestError('Failed to test the S3 filesystem.', { filesystem: error });
    }
    const settings = app.settings.get();
    const s3 = fs === 'backups' ? settings.backups.s3 : settings.s3;
    if (!s3.enabled) throw new BadRequestError('Failed to test the S3 filesystem. Raw error: \nS3 storage filesystem is not enabled');
    const storage = new S3Storage(s3);
    const prefix = `pb_settings_test_${randomBytes(4).toString('hex').slice(0, 5)}`;
    let step = 'upload a test file';
    try {
      await storage.put(`${prefix}/test.txt`, Buffer.from('test'), 'text/plain');
      step = 'delete a test file';
      await storage.deletePrefix(prefix);
    } catch (err) {
      throw new BadRequestError(`Failed to test the S3 filesystem. Raw error: \nfailed to ${step}: ${(err as Error).message ?? String(err)}`);
    } finally {
      storage.close();
    }
    return reply.status(204).send();
  });
}
