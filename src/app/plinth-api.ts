import { ApiError } from '../lib/errors.js';
import type { Hook, HookEvent, Handler } from '../hooks/hook.js';
import type { RecordAfterEvent, RecordEvent } from '../records/record-events.js';
import type { App } from './app.js';
import type { RecordAuthEvent, RecordRequestEvent, RealtimeConnectEvent, RealtimeSubscribeEvent, MailEvent } from './app-hooks.js';
import { requireAuth, requireSuperuser, type Middleware, type RouteHandler } from './custom-routes.js';
import type { JobFn } from '../jobs/cron.js';
import pino, { type Logger } from 'pino';
import type { MailMessage } from '../mail/mailer.js';
import type { Notice } from '../outbox/notifications.js';

/** Hook code logs apart from request logs: to stderr, level from PLINTH_LOG_LEVEL. */
const hookLogger = pino({ level: process.env.PLINTH_LOG_LEVEL === 'silent' ? 'silent' : process.env.PLINTH_LOG_LEVEL ?? 'info' }, pino.destination(2));

/** A user hook that runs longer than this is cut off and its request fails (the write rolls back). */
export const hookTimeoutMs = 30_000;

/**
 * The API hook files and embedding programs use: bind to events, add routes and jobs, and reach
 * records with the same rules engine. Everything bound through one PlinthApi can be unbound at
 * once, which is how `--dev` reloads hook files.
 */
export class PlinthApi {
  private unbinders: (() => void)[] = [];

  constructor(readonly app: App, private owner = 'code', private timeoutMs = hookTimeoutMs) {}

  private on<E extends HookEvent>(hook: Hook<E>, handler: Handler<E>, tags: string[]) {
    const id = hook.bind(withTimeout(handler, this.timeoutMs), { tags });
    this.unbinders.push(() => hook.unbind(id));
    return id;
  }

  // model events: inside the write's transaction; `e.next()` writes the row
  onRecordCreate = (h: Handler<RecordEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordCreate, h, collections);
  onRecordUpdate = (h: Handler<RecordEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordUpdate, h, collections);
  onRecordDelete = (h: Handler<RecordEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordDelete, h, collections);
  // after commit
  onRecordAfterCreateSuccess = (h: Handler<RecordAfterEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordAfterCreateSuccess, h, collections);
  onRecordAfterUpdateSuccess = (h: Handler<RecordAfterEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordAfterUpdateSuccess, h, collections);
  onRecordAfterDeleteSuccess = (h: Handler<RecordAfterEvent>, ...collections: string[]) => this.on(this.app.records.hooks.onRecordAfterDeleteSuccess, h, collections);
  // request level: before the write path runs, with the caller's auth and body
  onRecordCreateRequest = (h: Handler<RecordRequestEvent>, ...collections: string[]) => this.on(this.app.hooks.onRecordCreateRequest, h, collections);
  onRecordUpdateRequest = (h: Handler<RecordRequestEvent>, ...collections: string[]) => this.on(this.app.hooks.onRecordUpdateRequest, h, collections);
  onRecordDeleteRequest = (h: Handler<RecordRequestEvent>, ...collections: string[]) => this.on(this.app.hooks.onRecordDeleteRequest, h, collections);
  onRecordViewRequest = (h: Handler<RecordRequestEvent>, ...collections: string[]) => this.on(this.app.hooks.onRecordViewRequest, h, collections);
  onRecordAuthRequest = (h: Handler<RecordAuthEvent>, ...collections: string[]) => this.on(this.app.hooks.onRecordAuthRequest, h, collections);
  onRealtimeConnectRequest = (h: Handler<RealtimeConnectEvent>) => this.on(this.app.hooks.onRealtimeConnectRequest, h, []);
  onRealtimeSubscribeRequest = (h: Handler<RealtimeSubscribeEvent>) => this.on(this.app.hooks.onRealtimeSubscribeRequest, h, []);
  onMailerSend = (h: Handler<MailEvent>) => this.on(this.app.hooks.onMailerSend, h, []);

  /** Adds `METHOD path` (`:param` segments, `*` tail); middlewares run first, in order. */
  routerAdd(method: string, path: string, handler: RouteHandler, ...middlewares: Middleware[]): void {
    this.app.routes.add(method, path, handler, middlewares, this.owner);
    this.unbinders.push(() => this.app.routes.removeOwnedBy(this.owner));
  }

  /** Schedules `fn` on a cron expression (UTC); listed by `GET /api/crons`, run by `POST /api/crons/{id}`. */
  cronAdd(id: string, expression: string, fn: JobFn): void {
    this.app.cron.add(id, expression, fn);
    this.unbinders.push(() => this.app.cron.remove(id));
  }

  readonly requireAuth = requireAuth;
  readonly requireSuperuser = requireSuperuser;

  // records, through the same write path and rules engine as the REST API
  get records() {
    return this.app.recordApi;
  }

  settings() {
    return this.app.settings.get();
  }

  /** A pino logger tagged with the hook file (or `code`), writing JSON lines to stderr. */
  get logger(): Logger {
    return (this.log ??= hookLogger.child({ hooks: this.owner }));
  }
  private log?: Logger;

  /** Sends an email through the app's SMTP settings (the `onMailerSend` chain runs first). */
  sendMail(message: MailMessage): Promise<void> {
    return this.app.mailer.send(message);
  }

  /** Sends a custom realtime message to clients subscribed to `topic`. */
  publish(topic: string, data: unknown): void {
    this.app.realtime.sendTo(topic, data);
  }

  /** The transactional outbox: `outbox.enqueue({topic, payload})` inside a hook joins the write's transaction; `outbox.handle(topic, fn)` delivers. */
  get outbox() {
    return this.app.outbox;
  }

  /** Notifies a user in-app (live through realtime on `_notifications`); `email: true` also mails them via the outbox. */
  notify(userId: string, notice: Notice) {
    return this.app.notifications.notify(userId, notice);
  }

  /**
   * Push notifications: `push.sendToUser(id, {title, body, data, ttl})` and
   * `push.sendToUsers('verified = true', message)` queue one outbox entry per subscription, in the
   * current write's transaction when called from a model hook.
   */
  get push() {
    const p = this.app.push;
    return { sendToUser: p.sendToUser.bind(p), sendToUsers: p.sendToUsers.bind(p) };
  }

  /** Removes everything bound through this API (hooks, routes, jobs). */
  unbindAll(): void {
    for (const u of this.unbinders.splice(0)) u();
  }
}

function withTimeout<E extends HookEvent>(handler: Handler<E>, ms: number): Handler<E> {
  return (e) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ApiError(500, 'Hook timed out.')), ms);
      timer.unref();
      Promise.resolve()
        .then(() => handler(e))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
}
