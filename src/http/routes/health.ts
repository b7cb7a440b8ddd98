import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { isSuperuser } from '../../auth/auth-records.js';

/**
 * GET /api/health   public; superusers also see diagnostics
 */
export function healthRoutes(server: FastifyInstance, _app: App): void {
  server.get('/api/health', async (req) => {
    const data = isSuperuser(req.auth) ? { canBackup: false, realIP: req.ip, possibleProxyHeader: '' } : {};
    return { message: 'API is healthy.', code: 200, data };
  });
}
