import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { runRoute, type RouteEvent } from '../../app/custom-routes.js';
import { ApiError } from '../../lib/errors.js';
import { readBody } from '../body.js';
import { errorBody, routeNotFound } from '../errors.js';
import { queryOf } from '../request-context.js';

/**
 * ANY /api/*   routes added by hooks or embedding code; matched only when no built-in route did,
 * so hook routes can come and go while serving (dev reload) without rebuilding the router.
 */
export function customRoutes(server: FastifyInstance, app: App): void {
  // Custom routes may verify signatures over the exact bytes: keep them for this route only.
  server.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.all('/api/*', (req, reply) => dispatch(app, req, reply));
  });
}

async function dispatch(app: App, req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0];
  const found = app.routes.match(req.method, path);
  if (!found) {
    reply.status(404);
    return req.method === 'HEAD' ? reply.send() : reply.send(errorBody(routeNotFound(req.method)));
  }
  let raw: Buffer | undefined;
  const rawBody = async () => (raw ??= Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body ? JSON.stringify(req.body) : ''));
  const e: RouteEvent = {
    method: req.method,
    path,
    params: found.params,
    query: queryOf(req),
    headers: req.headers as Record<string, string | undefined>,
    ip: req.ip,
    auth: req.auth,
    rawBody,
    body: async () => {
      if (Buffer.isBuffer(req.body)) {
        const text = req.body.toString('utf8').trim();
        try {
          return text ? JSON.parse(text) : {};
        } catch {
          throw new ApiError(400);
        }
      }
      return (await readBody(req)).data;
    },
    json: (status, data) => void reply.status(status).send(data),
    text: (status, text) => void reply.status(status).type('text/plain; charset=utf-8').send(text),
    blob: (status, contentType, data) => void reply.status(status).type(contentType).send(data),
    header: (name, value) => void reply.header(name, value),
    next: async () => undefined,
  };
  await runRoute(found.route, e);
  if (!reply.sent) reply.status(204).send();
}
