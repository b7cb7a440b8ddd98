import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { batchRoutes } from './batch.js';
import { collectionRoutes } from './collections.js';
import { healthRoutes } from './health.js';
import { recordAuthRoutes } from './record-auth.js';
import { realtimeRoutes } from './realtime.js';
import { recordRoutes } from './records.js';
import { settingsRoutes } from './settings.js';

/** The API's table of contents: every route area, in one place. */
export function registerRoutes(server: FastifyInstance, app: App): void {
  healthRoutes(server, app);
  settingsRoutes(server, app);
  collectionRoutes(server, app);
  recordRoutes(server, app);
  recordAuthRoutes(server, app);
  realtimeRoutes(server, app);
  batchRoutes(server, app);
}
