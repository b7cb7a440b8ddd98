import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { batchRoutes } from './batch.js';
import { collectionRoutes } from './collections.js';
import { cronRoutes } from './crons.js';
import { customRoutes } from './custom.js';
import { dashboardRoutes } from './dashboard.js';
import { healthRoutes } from './health.js';
import { recordAuthRoutes } from './record-auth.js';
import { realtimeRoutes } from './realtime.js';
import { recordRoutes } from './records.js';
import { ruleCheckRoutes } from './rule-check.js';
import { settingsRoutes } from './settings.js';

/** The API's table of contents: every route area, in one place. */
export function registerRoutes(server: FastifyInstance, app: App): void {
  healthRoutes(server, app);
  settingsRoutes(server, app);
  collectionRoutes(server, app);
  ruleCheckRoutes(server, app);
  recordRoutes(server, app);
  recordAuthRoutes(server, app);
  realtimeRoutes(server, app);
  batchRoutes(server, app);
  cronRoutes(server, app);
  // last: answers only what no built-in route did
  customRoutes(server, app);
  dashboardRoutes(server, app);
}
