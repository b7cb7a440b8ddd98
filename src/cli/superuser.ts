import { createApp } from '../app/app.js';
import { ApiError, isFieldError, type ErrorData } from '../lib/errors.js';
import { findCollectionRecordBy } from '../records/record-repo.js';
import { UsageError } from './args.js';

function flatten(data: ErrorData, prefix = ''): string[] {
  return Object.entries(data).flatMap(([k, v]) => (isFieldError(v) ? [`${prefix}${k}: ${v.message}`] : flatten(v, `${prefix}${k}.`)));
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return [err.message, ...flatten(err.data)].join('\n  ');
  return (err as Error).message;
}

/** `plinth superuser upsert|create|update|delete EMAIL [PASS] --dir=DIR` */
export async function superuserCommand(action: string | undefined, args: string[], dir: string, db?: string): Promise<string> {
  const [email, password] = args;
  if (!action || !['upsert', 'create', 'update', 'delete'].includes(action)) throw new UsageError('superuser needs one of: upsert, create, update, delete');
  if (!email) throw new UsageError(`superuser ${action} needs an EMAIL`);
  if (action !== 'delete' && !password) throw new UsageError(`superuser ${action} needs EMAIL and PASSWORD`);
  const app = await createApp({ dataDir: dir, db });
  try {
    const c = app.collections.get('_superusers');
    const existing = await findCollectionRecordBy(app.store, c, 'email', email);
    if (action === 'delete') {
      if (!existing) return `Superuser "${email}" doesn't exist.`;
      await app.records.delete(c, existing);
      return `Successfully deleted superuser "${email}"!`;
    }
    if (action === 'create' && existing) throw new Error(`superuser "${email}" already exists`);
    if (action === 'update' && !existing) throw new Error(`superuser "${email}" doesn't exist`);
    const body = { email, password, passwordConfirm: password };
    if (existing) await app.records.update(c, existing, body, { superuser: true, manager: true });
    else await app.records.create(c, body, { superuser: true });
    return `Successfully saved superuser "${email}"!`;
  } catch (err) {
    throw new Error(describe(err));
  } finally {
    await app.close();
  }
}
