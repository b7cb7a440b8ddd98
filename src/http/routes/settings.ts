import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { redactSettings } from '../../settings/settings-merge.js';
import { loadDataError, readBody } from '../body.js';
import { requireSuperuser } from '../request-context.js';

/**
 * GET   /api/settings   all settings, secrets omitted
 * PATCH /api/settings   merge, validate, persist
 */
export function settingsRoutes(server: FastifyInstance, app: App): void {
  server.get('/api/settings', async (req) => {
    requireSuperuser(req);
    return redactSettings(app.settings.get());
  });

  server.patch('/api/settings', { config: { malformedBody: loadDataError } }, async (req) => {
    requireSuperuser(req);
    const { data } = await readBody(req);
    return redactSettings(await app.settings.update(data));
  });
}
