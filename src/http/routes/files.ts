import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { recordFromToken } from '../../auth/auth-records.js';
import { signToken } from '../../auth/tokens.js';
import { fileKey, recordDir } from '../../files/storage.js';
import { defaultThumbSizes } from '../../files/thumbs.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import type { Collection, Field } from '../../records/model.js';
import { fileFieldHolding, viewFileOwner } from '../../records/record-files.js';
import { findById } from '../../records/record-repo.js';
import type { RecordData } from '../../records/record.js';
import { queryOf, requestInfo } from '../request-context.js';
import { serveFile } from '../serve-file.js';

type F = { Params: { collection: string; recordId: string; filename: string } };

/**
 * POST /api/files/token                                   a short-lived file token for the signed-in record
 * GET  /api/files/:collection/:recordId/:filename         a record's file (`thumb`, `download`, `token`); HEAD too
 */
export function fileRoutes(server: FastifyInstance, app: App): void {
  server.post('/api/files/token', async (req) => {
    if (!req.auth) throw new UnauthorizedError('The request requires valid record authorization token.');
    const record = req.auth.record as { id: string; tokenKey: string };
    return { token: await signToken(req.auth.collection, record, 'file') };
  });

  // HEAD is declared, not derived: Fastify's derived HEAD would report a zero Content-Length.
  server.route<F>({ method: ['GET', 'HEAD'], url: '/api/files/:collection/:recordId/:filename', handler: async (req, reply) => {
    const { filename } = req.params;
    const c = app.collections.find(req.params.collection);
    const record = c && (await findById(app.store, c, req.params.recordId));
    const field = c && record && fileFieldHolding(c, record, filename);
    if (!c || !record || !field) throw new NotFoundError();
    if (field.protected) await checkProtectedAccess(app, req, c, record.id as string);

    const dir = await filesDirFor(app, c, record, field, filename);
    const original = await app.files.stat(fileKey(dir, filename));
    if (!original) throw new NotFoundError();
    let served = { key: fileKey(dir, filename), name: filename };
    let info = original;
    const thumb = queryOf(req).thumb;
    if (thumb && (defaultThumbSizes.includes(thumb) || ((field.thumbs as string[]) ?? []).includes(thumb))) {
      served = await app.files.thumbOrOriginal(dir, filename, thumb, original);
      info = (await app.files.stat(served.key)) ?? original;
    }
    return serveFile(req, reply, app.files, served, info);
  } });
}

/**
 * A protected file needs a file token (`?token=`) of a caller the view rule lets see the record;
 * anything less is a 404, as if the file were not there.
 */
async function checkProtectedAccess(app: App, req: FastifyRequest, c: Collection, id: string): Promise<void> {
  const auth = await recordFromToken(app.store, (k) => app.collections.find(k), queryOf(req).token ?? '', 'file');
  const info = { ...requestInfo(req, {}, 'protectedFile'), auth };
  let cond;
  try {
    cond = app.access.ruleCondition(c, 'viewRule', info);
  } catch (err) {
    if (err instanceof ForbiddenError) throw new NotFoundError();
    throw err;
  }
  if (cond && !(await findById(app.store, c, id, cond))) throw new NotFoundError();
}

/** Where the record's files are stored; a view's files live with the records it reads from. */
async function filesDirFor(app: App, c: Collection, record: RecordData, field: Field, filename: string): Promise<string> {
  if (c.type !== 'view') return recordDir(c.id, record.id as string);
  const owner = await viewFileOwner(app.store, c, field.name, filename, app.collections);
  if (!owner) throw new NotFoundError();
  return recordDir(owner.collection.id, owner.record.id as string);
}
