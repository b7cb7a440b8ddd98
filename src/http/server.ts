import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import pino from 'pino';
import type { App } from '../app/app.js';
import { bodyBytesMax, registerBodyParsers } from './body.js';
import { errorBody, errorHandler, routeNotFound } from './errors.js';
import { applyFields } from '../lib/fields-projection.js';
import { resolveAuth } from './request-context.js';
import { registerRoutes } from './routes/index.js';
import { logRequests } from './request-log.js';

const securityHeaders = {
  Vary: 'Origin',
  'X-XSS-Protection': '1; mode=block',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** One query parameter as a string (the first, when repeated), without copying the whole query. */
function firstQueryValue(query: unknown, name: string): string {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v);
}

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
    // no line per request on stdout (PocketBase prints none either): a fifth of a small
    // request's CPU went to pino; requests are kept in the request log instead
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: bodyBytesMax,
    // On shutdown idle keep-alive sockets close at once; requests in flight run to completion.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 2000, caseSensitive: true, ignoreTrailingSlash: false },
  });
  server.decorateRequest('auth', null);
  registerBodyParsers(server);
  // before CORS, so the preflight answer it sends also carries these (Vary is appended to).
  // Hooks on the hot path take `done` rather than being async: no promise per request.
  server.addHook('onRequest', (_req, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await server.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    preflight: true,
    strictPreflight: false,
    optionsSuccessStatus: 204,
  });
  server.addHook('preHandler', (req, _reply, done) => {
    if (!req.headers.authorization) return done();
    resolveAuth(app, req).then(() => done(), done);
  });
  server.addHook('preSerialization', (req, reply, payload, done) => {
    const fields = firstQueryValue(req.query, 'fields');
    if (!fields || reply.statusCode >= 300 || payload === null || typeof payload !== 'object') return done(null, payload);
    done(null, applyFields(payload, fields));
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
