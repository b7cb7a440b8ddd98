import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../app/app.js';
import { ClusterBus, relayClusterBus } from '../bus/cluster-bus.js';
import { RemoteBus } from '../bus/remote-bus.js';
import { transportFor } from '../bus/transports.js';
import { buildServer } from '../http/server.js';
import { loadHooks } from '../app/hooks-loader.js';
import { defaultMigrationsDir, migrateUp } from '../app/migrations.js';
import { dirname, join, resolve } from 'node:path';
import { installerBanner, installerLink } from './installer.js';
import { UsageError } from './args.js';

export interface ServeOptions {
  http: string;
  dir: string;
  /** Postgres URL of the database (default: SQLite in the data dir). */
  db?: string;
  /** Processes serving the same data dir; >1 uses every core (SQLite WAL, events on a cluster bus). */
  workers?: number;
  /** Hook files directory (default: `plinth_hooks` beside the data dir). */
  hooksDir?: string;
  /** Migration files directory (default: `plinth_migrations` beside the data dir). */
  migrationsDir?: string;
  /** Reload hook files when they change. */
  dev?: boolean;
  /** Event bus shared with other nodes: redis://, nats:// or postgres:// (default: in-process). */
  bus?: string;
  logLevel?: string;
}

export function parseHostPort(http: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(http);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port > 65535) throw new UsageError(`invalid --http address "${http}" (expected HOST:PORT, e.g. 127.0.0.1:8090)`);
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port };
}

const banner = (addr: string, dir: string, workers: number, db?: string) =>
  `Server started at http://${addr}\n├─ REST API:  http://${addr}/api/\n├─ Dashboard: http://${addr}/_/\n├─ Workers:   ${workers}\n` +
  (db ? `├─ Database:  ${redactUrl(db)}\n` : '') + `└─ Data dir:  ${dir}\n`;

/** A database URL fit to print: no password. */
function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Starts the server. With several workers the primary prepares the schema once, forks the
 * workers (they share the listening socket) and relays their bus messages to each other.
 */
export async function serve(opts: ServeOptions): Promise<void> {
  const workers = opts.workers ?? 1;
  const { host, port } = parseHostPort(opts.http);
  if (workers > 1 && cluster.isPrimary) return servePrimary(opts, workers);
  const { server, app, stop } = await serveOne(opts, host, port, cluster.isWorker);
  if (!cluster.isWorker) {
    const addr = server.server.address();
    const shown = typeof addr === 'object' && addr ? `${host}:${addr.port}` : opts.http;
    process.stdout.write(banner(shown, opts.dir, 1, opts.db));
    const link = await installerLink(app, `http://${shown}`);
    if (link) process.stdout.write(installerBanner(link));
  } else {
    process.send?.({ plinthListening: true });
  }
  const onSignal = () => stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

async function serveOne(opts: ServeOptions, host: string, port: number, worker: boolean): Promise<{ server: FastifyInstance; app: App; stop: () => Promise<void> }> {
  const bus = opts.bus ? await openBus(opts.bus) : worker ? new ClusterBus() : undefined;
  const app = await createApp({ dataDir: opts.dir, db: opts.db, bus });
  // pending migrations apply at start, as PocketBase does (workers: the primary already did)
  if (!worker) await migrateUp(app, opts.migrationsDir ?? defaultMigrationsDir(opts.dir));
  const hooks = await loadHooks(app, {
    dir: opts.hooksDir ?? defaultHooksDir(opts.dir),
    dev: opts.dev,
    log: (m) => process.stderr.write(m + '\n'),
  }).catch(async (err) => {
    await app.close();
    throw err;
  });
  const server = await buildServer(app, { logLevel: opts.logLevel });
  await server.listen({ host, port });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // SSE streams never end on their own: close them so in-flight requests can drain.
      app.realtime.close();
      hooks.close();
      await server.close();
      await app.close();
    })());
  return { server, app, stop };
}

/** `plinth_hooks` sits beside the data dir, as `pb_hooks` beside `pb_data`. */
export function defaultHooksDir(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'plinth_hooks');
}

/** `redis://host:6379#name` → a bus on channel `plinth_bus_name`, so clusters can share a broker. */
async function openBus(url: string) {
  const u = new URL(url);
  const channel = 'plinth_bus' + (u.hash ? '_' + u.hash.slice(1).replace(/\W/g, '') : '');
  u.hash = '';
  return RemoteBus.open(await transportFor(u.toString()), channel);
}

async function servePrimary(opts: ServeOptions, workers: number): Promise<void> {
  // Schema, system collections and migrations run once, before any worker opens the database.
  const app = await createApp({ dataDir: opts.dir, db: opts.db });
  await migrateUp(app, opts.migrationsDir ?? defaultMigrationsDir(opts.dir));
  const link = await installerLink(app, `http://${opts.http}`);
  await app.close();
  if (!opts.bus) relayClusterBus();
  let listening = 0;
  let stopping = false;
  cluster.on('message', (_w, m) => {
    if ((m as { plinthListening?: boolean })?.plinthListening && ++listening === workers) {
      process.stdout.write(banner(opts.http, opts.dir, workers, opts.db));
      if (link) process.stdout.write(installerBanner(link));
    }
  });
  cluster.on('exit', (w, code) => {
    if (!stopping) {
      process.stderr.write(`worker ${w.process.pid} exited (${code}); starting another\n`);
      cluster.fork();
    } else if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const onSignal = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
