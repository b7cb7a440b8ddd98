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

  // The SSE stream named by `state` may be held by another process (workers, nodes): relay there.
  app.bus.subscribe(oauth2RelayTopic, (p) => {
    const m = p as OAuth2Redirect;
    if (app.realtime.get(m.state)) relayToClient(app, m);
  });

  const redirect = async (req: FastifyRequest, reply: FastifyReply) => {
    const form = req.method === 'POST' ? (await readBody(req).catch(() => ({ data: {} as Record<string, unknown> }))).data : queryOf(req);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const m: OAuth2Redirect = { state: str(form.state), code: str(form.code), error: str(form.error), ip: req.ip };
    if (!m.state) return done(reply, false);
    if (app.realtime.get(m.state)) {
      if (!relayToClient(app, m)) return done(reply, false);
    } else if (app.bus.shared) {
      await app.bus.publish(oauth2RelayTopic, m);
    } else return done(reply, false);
    return done(reply, !m.error && Boolean(m.code));
  };
  server.get('/api/oauth2-redirect', redirect);
  server.post('/api/oauth2-redirect', redirect);
}

/** Bus topic for redirects whose realtime client another process holds. */
const oauth2RelayTopic = 'oauth2.redirect';

interface OAuth2Redirect {
  state: string;
  code: string;
  error: string;
  /** The browser's address: it must be the one that opened the stream (no cross-site relay). */
  ip: string;
}

/** Sends `{state, code[, error]}` to the waiting client once, then drops its `@oauth2` topic. */
function relayToClient(app: App, m: OAuth2Redirect): boolean {
  const client = app.realtime.get(m.state);
  const subscribed = client && !client.isClosed && [...client.subscriptions.values()].some((s) => s.topic === oauth2Topic);
  if (!client || !subscribed || (client.ip && client.ip !== m.ip)) return false;
  const data = m.error ? { state: m.state, code: m.code, error: m.error } : { state: m.state, code: m.code };
  app.realtime.sendTo(oauth2Topic, data, (cl) => cl.id === client.id);
  for (const [key, s] of client.subscriptions) if (s.topic === oauth2Topic) client.subscriptions.delete(key);
  return true;
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
