import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import pino from 'pino';
import type { App } from '../app/app.js';
import { bodyBytesMax, registerBodyParsers } from './body.js';
import { errorBody, errorHandler, routeNotFound } from './errors.js';
import { applyFields } from '../lib/fields-projection.js';
import { queryOf, resolveAuth } from './request-context.js';
import { registerRoutes } from './routes/index.js';
import { logRequests } from './request-log.js';

export interface ServerOptions {
  /** pino level; 'silent' in tests. */
  logLevel?: string;
}

/**
 * Builds the HTTP shell around an App: body parsing, auth resolution, `?fields=`, security
 * headers, CORS, errors in PocketBase's shape, and the route table.
 */
export async function buildServer(app: App, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const level = opts.logLevel ?? process.env.PLINTH_LOG_LEVEL ?? 'info';
  // Asynchronous, buffered destination keeps log writes off the request path.
  const stream = level === 'silent' ? undefined : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const server = Fastify({
    logger: level === 'silent' ? false : { level, stream },
    bodyLimit: bodyBytesMax,
    // On shutdown idle keep-alive sockets close at once; requests in flight run to completion.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 2000, caseSensitive: true, ignoreTrailingSlash: false },
  });
  server.decorateRequest('auth', null);
  registerBodyParsers(server);
  // before CORS, so the preflight answer it sends also carries these (Vary is appended to)
  server.addHook('onRequest', async (_req, reply) => {
    reply.header('Vary', 'Origin');
    reply.header('X-XSS-Protection', '1; mode=block');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'SAMEORIGIN');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  });
  await server.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    preflight: true,
    strictPreflight: false,
    optionsSuccessStatus: 204,
  });
  server.addHook('preHandler', async (req) => resolveAuth(app, req));
  server.addHook('preSerialization', async (req, reply, payload) => {
    const fields = queryOf(req).fields;
    if (!fields || reply.statusCode >= 300 || payload === null || typeof payload !== 'object') return payload;
    return applyFields(payload, fields);
  });
  server.setErrorHandler(errorHandler);
  server.setNotFoundHandler((req, reply) => {
    reply.status(404);
    return req.method === 'HEAD' ? reply.send() : reply.send(errorBody(routeNotFound(req.method)));
  });
  logRequests(server, app);
  registerRoutes(server, app);
  return server;
}
