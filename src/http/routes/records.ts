import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { BadRequestError } from '../../lib/errors.js';
import { isSuperuser } from '../../auth/auth-records.js';
import { publicRecord } from '../../records/record.js';
import { findById } from '../../records/record-repo.js';
import { listRecords } from '../../records/record-list.js';
import type { Collection } from '../../records/model.js';
import { tagsOf } from '../../records/record-events.js';
import type { RecordRequestEvent } from '../../app/app-hooks.js';
import type { FastifyRequest } from 'fastify';
import { bodyBytesMax, readBody, type BodyOptions } from '../body.js';
import { fieldBodyBytes, uploadLimitsOf } from '../../records/record-files.js';
import { parseListParams } from '../list-params.js';
import { collectionOf, expandFor, loadByRule, respondRecord } from '../record-helpers.js';
import { queryOf, requestInfo, viewerOf } from '../request-context.js';

type P = { Params: { collection: string; id: string } };

/**
 * GET    /api/collections/:collection/records       list (page, perPage, sort, filter, skipTotal, expand, fields)
 * POST   /api/collections/:collection/records       create (JSON or multipart)
 * GET    /api/collections/:collection/records/:id   view
 * PATCH  /api/collections/:collection/records/:id   update (with field+ / +field / field- modifiers)
 * DELETE /api/collections/:collection/records/:id   delete (cascades relations)
 */
export function recordRoutes(server: FastifyInstance, app: App): void {
  server.get<P>('/api/collections/:collection/records', async (req) => {
    const c = collectionOf(app, req.params.collection);
    const info = requestInfo(req);
    const p = parseListParams(queryOf(req));
    const rule = app.access.ruleCondition(c, 'listRule', info);
    const filter = app.access.clientFilter(c, p.filter, info);
    const order = app.access.clientSort(c, p.sort, info);
    const where = [rule, filter].filter((w) => w !== undefined);
    const page = await listRecords(app.store, c, { ...p, where, order });
    await expandFor(app, req, c, page.items);
    const viewer = viewerOf(req);
    return { ...page, items: page.items.map((r) => publicRecord(c, r, viewer)) };
  });

  server.get<P>('/api/collections/:collection/records/:id', async (req) => {
    const c = collectionOf(app, req.params.collection);
    const r = await loadByRule(app, req, c, req.params.id, 'viewRule');
    const e = { collection: c, auth: req.auth, body: {}, record: r };
    await app.hooks.onRecordViewRequest.trigger(e, () => undefined, tagsOf(c));
    return respondRecord(app, req, c, e.record);
  });

  server.post<P>('/api/collections/:collection/records', async (req) => {
    const c = collectionOf(app, req.params.collection, true);
    if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
    const { data, files } = await readBody(req, recordBodyOptions(app, c));
    const e: Omit<RecordRequestEvent, "next"> = { collection: c, auth: req.auth, body: data };
    await app.hooks.onRecordCreateRequest.trigger(e, async (ev) => {
      const cond = app.access.ruleCondition(c, 'createRule', requestInfo(req, ev.body));
      ev.record = await app.records.create(c, ev.body, {
        superuser: isSuperuser(req.auth),
        files,
        manager: false,
        // The create rule is checked against the row as written; failing it rolls the insert back.
        check: cond ? async (tx, record) => {
          if (!(await findById(tx, c, record.id as string, cond))) throw new BadRequestError('Failed to create record.');
        } : undefined,
      });
    }, tagsOf(c));
    return respondRecord(app, req, c, e.record!);
  });

  server.patch<P>('/api/collections/:collection/records/:id', async (req) => {
    const c = collectionOf(app, req.params.collection, true);
    if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
    const { data, files } = await readBody(req, recordBodyOptions(app, c));
    const existing = await loadByRule(app, req, c, req.params.id, 'updateRule', data);
    const e: Omit<RecordRequestEvent, "next"> = { collection: c, auth: req.auth, body: data, record: existing };
    await app.hooks.onRecordUpdateRequest.trigger(e, async (ev) => {
      ev.record = await app.records.update(c, existing, ev.body, {
        superuser: isSuperuser(req.auth),
        files,
        manager: await isManager(app, req, c, req.params.id),
      });
    }, tagsOf(c));
    return respondRecord(app, req, c, e.record!);
  });

  server.delete<P>('/api/collections/:collection/records/:id', async (req, reply) => {
    const c = collectionOf(app, req.params.collection);
    if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
    const existing = await loadByRule(app, req, c, req.params.id, 'deleteRule');
    const e: Omit<RecordRequestEvent, "next"> = { collection: c, auth: req.auth, body: {}, record: existing };
    await app.hooks.onRecordDeleteRequest.trigger(e, (ev) => app.records.delete(c, ev.record!), tagsOf(c));
    return reply.status(204).send();
  });
}

/** Auth collections' manageRule lets a caller change others' email, verified and password. */
async function isManager(app: App, req: FastifyRequest, c: Collection, id: string): Promise<boolean> {
  if (c.type !== 'auth') return false;
  if (isSuperuser(req.auth)) return true;
  if (!c.manageRule || !req.auth) return false;
  const cond = app.access.ruleCondition(c, 'manageRule', requestInfo(req));
  return Boolean(await findById(app.store, c, id, cond));
}

/** A record body may carry what its fields hold; file parts stream to the spool with their field's limit. */
function recordBodyOptions(app: App, c: Collection): BodyOptions {
  return { uploads: { ...uploadLimitsOf(c), spoolDir: app.files.spoolDir }, bytesMax: bodyBytesMax + fieldBodyBytes(c) };
}
