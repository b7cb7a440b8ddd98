import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { RecordRequestEvent } from '../../app/app-hooks.js';
import { isSuperuser } from '../../auth/auth-records.js';
import { BadRequestError } from '../../lib/errors.js';
import type { Collection } from '../../records/model.js';
import type { RecordData } from '../../records/record.js';
import { tagsOf } from '../../records/record-events.js';
import { findById } from '../../records/record-repo.js';
import type { Tx } from '../../store/store.js';
import { authCollection } from '../auth-helpers.js';
import { loadDataError, readBody } from '../body.js';
import { queryOf, requestInfo } from '../request-context.js';
import { authResponse } from './record-auth.js';

type P = { Params: { collection: string } };

/** The realtime topic the SDK's all-in-one OAuth2 flow waits on. */
export const oauth2Topic = '@oauth2';

/**
 * POST /api/collections/:collection/auth-with-oauth2   provider code (+ PKCE verifier) → token and record
 * GET  /api/oauth2-redirect                            provider redirect: code relayed to the realtime client named by `state`
 * POST /api/oauth2-redirect                            the same for `response_mode=form_post`
 */
export function recordAuthOAuth2Routes(server: FastifyInstance, app: App): void {
  server.post<P>('/api/collections/:collection/auth-with-oauth2', { config: { malformedBody: loadDataError } }, async (req, reply) => {
    const c = authCollection(app, req.params.collection);
    const { data } = await readBody(req);
    const current = req.auth?.collection.id === c.id ? req.auth.record : undefined;
    const { record, meta } = await app.auth.oauth2.authenticate(c, data, { current, create: (body, tx) => createAsRequest(app, req, c, body, tx) });
    return authResponse(app, req, reply, c, record, { method: 'oauth2', meta, mfaId: data.mfaId });
  });

  const redirect = async (req: FastifyRequest, reply: FastifyReply) => {
    const form = req.method === 'POST' ? (await readBody(req).catch(() => ({ data: {} as Record<string, unknown> }))).data : queryOf(req);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const msg = { state: str(form.state), code: str(form.code), error: str(form.error) };
    const client = msg.state ? app.realtime.get(msg.state) : undefined;
    const subscribed = client && !client.isClosed && [...client.subscriptions.values()].some((s) => s.topic === oauth2Topic);
    // The browser finishing the flow must be the one that opened the stream (no cross-site relay).
    if (!client || !subscribed || (client.ip && client.ip !== req.ip)) return done(reply, false);
    app.realtime.sendTo(oauth2Topic, msg.error ? msg : { state: msg.state, code: msg.code }, (cl) => cl.id === client.id);
    for (const [key, s] of client.subscriptions) if (s.topic === oauth2Topic) client.subscriptions.delete(key);
    return done(reply, !msg.error && Boolean(msg.code));
  };
  server.get('/api/oauth2-redirect', redirect);
  server.post('/api/oauth2-redirect', redirect);
}

/** The page the provider's popup lands on; the app learns the outcome over realtime. */
function done(reply: FastifyReply, ok: boolean) {
  reply.status(200);
  if (ok) return reply.type('text/html; charset=utf-8').send('Auth completed. You can close this window and go back to the app.');
  return reply.type('text/plain; charset=utf-8').send('Failed to authenticate. You can close this window and go back to the app to try again.');
}

/** An OAuth2 sign-up is a record create as the caller: request hooks, create rule (context `oauth2`). */
async function createAsRequest(app: App, req: FastifyRequest, c: Collection, body: Record<string, unknown>, tx: Tx): Promise<RecordData> {
  const e: Omit<RecordRequestEvent, 'next'> = { collection: c, auth: req.auth, body };
  await app.hooks.onRecordCreateRequest.trigger(e, async (ev) => {
    const cond = app.access.ruleCondition(c, 'createRule', requestInfo(req, ev.body, 'oauth2'));
    ev.record = await app.records.create(c, ev.body, {
      superuser: isSuperuser(req.auth),
      tx,
      check: cond ? async (t, record) => {
        if (!(await findById(t, c, record.id as string, cond))) throw new BadRequestError('Failed to create record.');
      } : undefined,
    });
  }, tagsOf(c));
  if (!e.record) throw new BadRequestError('Failed to create record.');
  return e.record;
}
