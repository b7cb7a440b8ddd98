import type { FastifyInstance } from 'fastify';
import type { App } from '../app/app.js';
import { isSuperuser } from '../auth/auth-records.js';

/** Log levels as PocketBase (slog) numbers them. */
export const logLevel = { debug: -4, info: 0, warn: 4, error: 8 } as const;

/**
 * Every API request becomes one `_logs` entry (PocketBase's request log). Queued after the
 * response is sent; the log store writes in batches, so no request waits on it.
 */
export function logRequests(server: FastifyInstance, app: App): void {
  server.addHook('onResponse', (req, reply, done) => {
    done();
    const cfg = app.settings.get().logs;
    const status = reply.statusCode;
    const level = status >= 400 ? logLevel.error : logLevel.info;
    if (level < cfg.minLevel) return;
    const auth = req.auth;
    const data: Record<string, unknown> = {
      type: 'request',
      method: req.method,
      url: req.url,
      status,
      execTime: Math.round(reply.elapsedTime * 1000) / 1000,
      auth: auth ? (isSuperuser(auth) ? '_superusers' : auth.collection.name) : '',
      referer: req.headers.referer ?? '',
      userAgent: req.headers['user-agent'] ?? '',
    };
    if (cfg.logIP) {
      data.remoteIP = req.socket.remoteAddress ?? '';
      data.userIP = req.ip;
    }
    if (cfg.logAuthId && auth) data.authId = auth.record.id;
    app.logs.add(level, `${req.method} ${req.url}`, data);
  });
}
