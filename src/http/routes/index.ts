import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { batchRoutes } from './batch.js';
import { collectionRoutes } from './collections.js';
import { fileRoutes } from './files.js';
import { cronRoutes } from './crons.js';
import { customRoutes } from './custom.js';
import { dashboardRoutes } from './dashboard.js';
import { healthRoutes } from './health.js';
import { rateLimits } from '../rate-limit.js';
import { recordAuthRoutes } from './record-auth.js';
import { recordAuthEmailChangeRoutes } from './record-auth-email-change.js';
import { recordAuthImpersonateRoutes } from './record-auth-impersonate.js';
import { recordAuthOAuth2Routes } from './record-auth-oauth2.js';
import { recordAuthOtpRoutes } from './record-auth-otp.js';
import { recordAuthPasswordResetRoutes } from './record-auth-password-reset.js';
import { recordAuthVerificationRoutes } from './record-auth-verification.js';
import { realtimeRoutes } from './realtime.js';
import { recordRoutes } from './records.js';
import { ruleCheckRoutes } from './rule-check.js';
import { settingsRoutes } from './settings.js';
import { settingsTestEmailRoutes } from './settings-test-email.js';
import { sqlRoutes } from './sql.js';
import { logRoutes } from './logs.js';
import { settingsTestS3Routes } from './settings-test-s3.js';
import { webhookRoutes } from './webhooks.js';
import { pushRoutes } from './push.js';

/** The API's table of contents: every route area, in one place. */
export function registerRoutes(server: FastifyInstance, app: App): void {
  // first: every route below is limited by settings.rateLimits
  rateLimits(server, app);
  healthRoutes(server, app);
  settingsRoutes(server, app);
  settingsTestEmailRoutes(server, app);
  settingsTestS3Routes(server, app);
  sqlRoutes(server, app);
  logRoutes(server, app);
  collectionRoutes(server, app);
  ruleCheckRoutes(server, app);
  recordRoutes(server, app);
  fileRoutes(server, app);
  recordAuthRoutes(server, app);
  recordAuthVerificationRoutes(server, app);
  recordAuthPasswordResetRoutes(server, app);
  recordAuthEmailChangeRoutes(server, app);
  recordAuthOtpRoutes(server, app);
  recordAuthOAuth2Routes(server, app);
  recordAuthImpersonateRoutes(server, app);
  realtimeRoutes(server, app);
  batchRoutes(server, app);
  cronRoutes(server, app);
  webhookRoutes(server, app);
  pushRoutes(server, app);
  // last: answers only what no built-in route did
  customRoutes(server, app);
  dashboardRoutes(server, app);
}
