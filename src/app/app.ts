import { topics, type Bus } from '../bus/bus.js';
import { LocalBus } from '../bus/local-bus.js';
import { Files } from '../files/files.js';
import { createAuthServices, type AuthServices } from '../auth/auth-services.js';
import { StoreRateLimiter } from '../lib/store-rate-limiter.js';
import { Mailer } from '../mail/mailer.js';
import { Collections } from '../records/collections.js';
import { Records } from '../records/records.js';
import { systemCollections } from '../records/system-collections.js';
import { Access } from '../rules/access.js';
import { Broker } from '../realtime/broker.js';
import { createDeliveryPolicy } from '../realtime/delivery-policy.js';
import { SettingsService } from '../settings/settings-service.js';
import { openStore } from './open-store.js';
import { CronScheduler } from '../jobs/cron.js';
import { createAppHooks, type AppHooks } from './app-hooks.js';
import { CustomRoutes } from './custom-routes.js';
import { RecordApi } from './record-api.js';
import type { Store } from '../store/store.js';
import { Outbox } from '../outbox/outbox.js';
import { Webhooks } from '../outbox/webhooks.js';
import { Notifications } from '../outbox/notifications.js';
import { Push } from '../outbox/push.js';
import { LogStore } from '../logs/log-store.js';

export interface AppOptions {
  /** Data directory; the SQLite database lives at `<dataDir>/data.db`. */
  dataDir: string;
  /** A Postgres URL (`postgres://…`) to use instead of SQLite; see `openStore`. */
  db?: string;
  store?: Store;
  bus?: Bus;
}

/**
 * The application: one store, one bus, and the services built on them. HTTP and the CLI are
 * shells around an App; embedding Plinth means creating one.
 */
export class App {
  readonly dataDir: string;
  readonly store: Store;
  readonly bus: Bus;
  readonly collections: Collections;
  readonly records: Records;
  readonly settings: SettingsService;
  readonly access: Access;
  readonly realtime: Broker;
  /** Record files: local disk under `<dataDir>/storage`, or S3 when the settings enable it. */
  readonly files: Files;
  /** Request-level hook chains (model-level ones are `records.hooks`). */
  readonly hooks: AppHooks = createAppHooks();
  /** Routes added by hook code or an embedding program. */
  readonly routes = new CustomRoutes();
  readonly cron: CronScheduler;
  /** Records for server-side code: same write path and rules engine as the API. */
  readonly recordApi: RecordApi;
  /** Sends email through the SMTP settings; `hooks.onMailerSend` runs before each message. */
  readonly mailer: Mailer;
  /**
   * Request counters for rate limits, resend windows and OTP attempts, in the store's `_counters`
   * table: shared by every worker and node on the database, so a limit holds in total.
   */
  readonly rateLimiter: StoreRateLimiter;
  /** Verification, password reset, email change, OTP, MFA, OAuth2, impersonation, login alerts. */
  readonly auth: AuthServices;
  /** Transactional outbox (dispatched by processes serving HTTP) and the webhooks delivered through it. */
  readonly outbox: Outbox;
  readonly webhooks: Webhooks;
  /** In-app notifications (`_notifications`, created on first use), optionally emailed through the outbox. */
  readonly notifications: Notifications;
  /** Web Push, FCM and APNs to users' `_pushSubscriptions`, through the outbox. */
  readonly push: Push;
  /** Request and app logs (`<dataDir>/auxiliary.db`), written in batches off the request path. */
  readonly logs: LogStore;

  constructor(opts: AppOptions) {
    this.dataDir = opts.dataDir;
    if (!opts.store) throw new Error('App needs a store: use createApp(), which opens one');
    this.store = opts.store;
    this.bus = opts.bus ?? new LocalBus();
    this.collections = new Collections(this.store, this.bus);
    this.access = new Access(this.store.dialect, this.collections);
    this.collections.checkRule = (rule, c) => this.access.ruleSyntaxError(rule, c);
    this.files = new Files({ dataDir: opts.dataDir, s3: () => this.settings.get().s3 });
    this.records = new Records(this.store, this.collections, this.bus, this.files);
    this.settings = new SettingsService(this.store);
    this.realtime = new Broker(this.bus, createDeliveryPolicy(this.store, this.access, this.collections));
    this.cron = new CronScheduler(this.store);
    this.recordApi = new RecordApi(this.store, this.collections, this.records, this.access);
    this.mailer = new Mailer(() => this.settings.get(), this.hooks.onMailerSend);
    this.rateLimiter = new StoreRateLimiter(this.store);
    this.auth = createAuthServices({ store: this.store, collections: this.collections, records: this.records, settings: () => this.settings.get(), mailer: this.mailer, limiter: this.rateLimiter, cron: this.cron });
    this.outbox = new Outbox(this.store, this.bus);
    this.webhooks = new Webhooks({ store: this.store, bus: this.bus, outbox: this.outbox, hooks: this.records.hooks, collections: this.collections, access: this.access });
    this.notifications = new Notifications({ collections: this.collections, records: this.records, outbox: this.outbox, sendMail: (m) => this.mailer.send(m) });
    this.push = new Push({ store: this.store, outbox: this.outbox, hooks: this.records.hooks, collections: this.collections, records: this.records, access: this.access, senderAddress: () => this.settings.get().meta.senderAddress });
    this.logs = new LogStore(opts.dataDir, () => this.settings.get().logs.maxDays);
    this.shareSettingsChanges();
  }

  /** Settings are cached per process: a change saved here tells the others to reload theirs. */
  private shareSettingsChanges() {
    let reloading = false;
    this.settings.onChange(() => {
      if (!reloading) void this.bus.publish(topics.settings, {});
    });
    this.bus.subscribe(topics.settings, async () => {
      reloading = true;
      try {
        await this.settings.load();
      } finally {
        reloading = false;
      }
    });
  }

  /** Opens the schema, creating the system collections on a fresh data directory. */
  async bootstrap(): Promise<void> {
    // Nodes starting together on an empty Postgres take turns: one creates the system tables and
    // collections, the others find them made.
    const lock = this.store.dialect.schemaLock();
    if (lock) {
      await this.store.transaction(async (tx) => {
        await tx.get(lock, ['plinth_bootstrap']);
        await this.createSchema();
      });
    } else {
      await this.createSchema();
    }
    await this.files.init();
  }

  private async createSchema(): Promise<void> {
    await this.collections.init();
    if (!this.collections.find('_superusers')) {
      for (const c of systemCollections()) {
        if (!this.collections.find(String(c.name))) await this.collections.create(c);
      }
    }
    await this.settings.load();
    // clients subscribe before any push is sent, so the collection exists from the start
    await this.push.ensure();
  }

  async close(): Promise<void> {
    this.cron.stop();
    this.rateLimiter.close();
    await this.outbox.stop();
    this.push.close();
    this.realtime.close();
    this.files.close();
    this.mailer.close();
    await this.bus.close();
    await this.store.close();
    this.logs.close();
  }
}

export async function createApp(opts: AppOptions): Promise<App> {
  const app = new App({ ...opts, store: opts.store ?? (await openStore(opts)) });
  await app.bootstrap();
  return app;
}
