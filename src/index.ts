/**
 * Plinth as a library: create an App over a data dir, bind hooks and routes through a PlinthApi,
 * and serve it with Fastify — the same pieces `plinth serve` uses.
 *
 *   import { createApp, PlinthApi, buildServer } from 'plinth';
 *   const app = await createApp({ dataDir: './plinth_data' });
 *   const api = new PlinthApi(app);
 *   api.onRecordCreate(async (e) => { e.record.total = 0; await e.next(); }, 'orders');
 *   const server = await buildServer(app);
 *   await server.listen({ port: 8090 });
 */
export { App, createApp, type AppOptions } from './app/app.js';
export { PlinthApi } from './app/plinth-api.js';
export type { HookModule } from './app/hooks-loader.js';
export { loadHooks } from './app/hooks-loader.js';
export type { RouteEvent, RouteHandler, Middleware } from './app/custom-routes.js';
export { requireAuth, requireSuperuser } from './app/custom-routes.js';
export type { RecordRequestEvent, RecordAuthEvent, RealtimeConnectEvent, RealtimeSubscribeEvent, MailEvent } from './app/app-hooks.js';
export type { RecordEvent, RecordAfterEvent } from './records/record-events.js';
export type { RecordData } from './records/record.js';
export type { Collection, Field } from './records/model.js';
export { ApiError, BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, fieldError } from './lib/errors.js';
export { buildServer } from './http/server.js';
