import { createApp } from '../app/app.js';
import { appliedMigrations, createMigration, migrateDown, migrateUp, snapshotBody } from '../app/migrations.js';
import { UsageError } from './args.js';

/** `plinth migrate up | down [N] | history | create NAME | collections` */
export async function migrateCommand(args: string[], dataDir: string, dir: string, db?: string): Promise<string> {
  const [action = 'up', arg] = args;
  if (action === 'create') {
    if (!arg) throw new UsageError('migrate create needs a NAME');
    return `Created ${createMigration(dir, arg)}`;
  }
  const app = await createApp({ dataDir, db });
  try {
    switch (action) {
      case 'up': {
        const done = await migrateUp(app, dir);
        return done.length ? done.map((f) => `Applied ${f}`).join('\n') : 'No new migrations to apply.';
      }
      case 'down': {
        const n = arg === undefined ? 1 : Number(arg);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`migrate down takes a positive count (got "${arg}")`);
        const done = await migrateDown(app, dir, n);
        return done.length ? done.map((f) => `Reverted ${f}`).join('\n') : 'No migrations to revert.';
      }
      case 'history':
        return (await appliedMigrations(app)).map((r) => `${new Date(r.applied).toISOString()}  ${r.file}`).join('\n') || 'No applied migrations.';
      case 'collections':
        return `Created ${createMigration(dir, 'collections_snapshot', snapshotBody(app))}`;
      default:
        throw new UsageError(`unknown migrate action "${action}" (up, down, history, create, collections)`);
    }
  } finally {
    await app.close();
  }
}
