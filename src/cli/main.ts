import { availableParallelism } from 'node:os';
import { parseArgs, UsageError } from './args.js';
import { serve } from './serve.js';
import { superuserCommand } from './superuser.js';
import { migrateCommand } from './migrate.js';
import { migrateToPostgres } from './migrate-postgres.js';
import { defaultMigrationsDir } from '../app/migrations.js';

const help = `Plinth: a backend for web and mobile apps, wire-compatible with PocketBase.

Usage:
  plinth serve [--http=127.0.0.1:8090] [--dir=./plinth_data] [--db=postgres://...] [--workers=N]
  plinth migrate [up|down [N]|history|create NAME|collections] [--dir=./plinth_data]
  plinth migrate --to=postgres://... [--dir=./plinth_data] [--force]
  plinth superuser upsert EMAIL PASS [--dir=./plinth_data]
  plinth superuser create EMAIL PASS [--dir=./plinth_data]
  plinth superuser update EMAIL PASS [--dir=./plinth_data]
  plinth superuser delete EMAIL      [--dir=./plinth_data]

Flags:
  --http   address to listen on (HOST:PORT)           default 127.0.0.1:8090
  --dir    data directory (SQLite database, files)    default ./plinth_data
  --db     Postgres database instead of SQLite: postgres://USER[:PASS]@HOST:5432/DB[?schema=NAME]
  --workers  processes serving the data dir (uses more cores; 'auto' = one per core)   default 1
  --bus    event bus shared by several nodes: redis://HOST:6379, nats://HOST:4222 or
           postgres://USER@HOST/DB (default: in-process, or between workers)
  --hooksDir  TypeScript hook files to load       default plinth_hooks beside --dir
  --migrationsDir  migration files                default plinth_migrations beside --dir
  --dev    reload hook files when they change
  --to     (migrate) copy the SQLite database of --dir into this empty Postgres database
  --force  (migrate --to) drop the tables and views already in the target first
  --help   show this help

Environment:
  PLINTH_LOG_LEVEL   pino log level (info, warn, error, silent)   default info
  PLINTH_BUS         same as --bus
  PLINTH_DB          same as --db
`;

const known = { http: 'string', dir: 'string', db: 'string', workers: 'string', bus: 'string', hooksDir: 'string', migrationsDir: 'string', help: 'boolean', h: 'boolean', dev: 'boolean', to: 'string', force: 'boolean' } as const;

function parseWorkers(v: string | boolean | undefined): number {
  if (v === undefined) return 1;
  if (v === 'auto') return availableParallelism();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`invalid --workers "${v}" (a number 1-64 or "auto")`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const { positional, flags } = parseArgs(argv, known);
    const [command, ...rest] = positional;
    if (flags.help || flags.h || !command || command === 'help') {
      process.stdout.write(help);
      if (!command && !flags.help && !flags.h) process.exitCode = 1;
      return;
    }
    const dir = String(flags.dir ?? './plinth_data');
    const db = (flags.db as string | undefined) ?? (process.env.PLINTH_DB || undefined);
    if (command === 'serve') {
      if (rest.length) throw new UsageError(`serve takes no arguments (got "${rest.join(' ')}")`);
      await serve({ http: String(flags.http ?? '127.0.0.1:8090'), dir, db, workers: parseWorkers(flags.workers), bus: (flags.bus as string | undefined) ?? process.env.PLINTH_BUS, hooksDir: flags.hooksDir as string | undefined, migrationsDir: flags.migrationsDir as string | undefined, dev: Boolean(flags.dev) });
      return;
    }
    if (command === 'migrate' && flags.to !== undefined) {
      if (rest.length) throw new UsageError(`migrate --to takes no action (got "${rest.join(' ')}")`);
      const { report, ok } = await migrateToPostgres({ dataDir: dir, to: String(flags.to), force: Boolean(flags.force) });
      process.stdout.write(report + '\n');
      if (!ok) process.exitCode = 1;
      return;
    }
    if (command === 'migrate') {
      const mdir = (flags.migrationsDir as string | undefined) ?? defaultMigrationsDir(dir);
      process.stdout.write((await migrateCommand(rest, dir, mdir, db)) + '\n');
      return;
    }
    if (command === 'superuser') {
      process.stdout.write((await superuserCommand(rest[0], rest.slice(1), dir, db)) + '\n');
      return;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(`Error: ${(err as Error).message}\n${usage ? "Run 'plinth --help' for usage.\n" : ''}`);
    process.exitCode = 1;
  }
}
