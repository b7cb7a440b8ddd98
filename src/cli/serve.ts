import type { FastifyInstance } from 'fastify';
import { createApp } from '../app/app.js';
import { buildServer } from '../http/server.js';
import { UsageError } from './args.js';

export interface ServeOptions {
  http: string;
  dir: string;
  logLevel?: string;
}

export function parseHostPort(http: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(http);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port > 65535) throw new UsageError(`invalid --http address "${http}" (expected HOST:PORT, e.g. 127.0.0.1:8090)`);
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * Starts the server; on SIGINT/SIGTERM it stops accepting connections, lets in-flight requests
 * finish, then closes the database cleanly.
 */
export async function serve(opts: ServeOptions): Promise<{ server: FastifyInstance; stop: () => Promise<void> }> {
  const { host, port } = parseHostPort(opts.http);
  const app = await createApp({ dataDir: opts.dir });
  const server = await buildServer(app, { logLevel: opts.logLevel });
  await server.listen({ host, port });
  const addr = server.server.address();
  const shown = typeof addr === 'object' && addr ? `${host}:${addr.port}` : opts.http;
  process.stdout.write(`Server started at http://${shown}\n├─ REST API:  http://${shown}/api/\n└─ Data dir:  ${opts.dir}\n`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // SSE streams never end on their own: close them so the server can drain the rest.
      app.realtime.close();
      await server.close();
      await app.close();
    })());
  const onSignal = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { server, stop };
}
