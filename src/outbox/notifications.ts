import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { Records } from '../records/records.js';
import type { Collections } from '../records/collections.js';
import type { MailMessage } from '../mail/mailer.js';
import { autodateFields } from '../records/collection-defaults.js';
import { defaultFieldId } from '../lib/ids.js';
import type { Outbox } from './outbox.js';

export const notificationsName = '_notifications';
export const mailTopic = 'mail';
const usersId = '_pb_users_auth_';

const mine = 'recipient = @request.auth.id';
// a recipient may only flip `read`: every other field stays as the server wrote it
const onlyRead = ['recipient', 'title', 'body', 'data'].map((f) => `@request.body.${f}:isset = false`).join(' && ');

/** The in-app notifications collection: users list, view, mark read and delete only their own; only server code creates. */
export function notificationsCollection(): Record<string, unknown> {
  return {
    name: notificationsName, type: 'base', system: true,
    listRule: mine, viewRule: mine, createRule: null, updateRule: `${mine} && ${onlyRead}`, deleteRule: mine,
    fields: [
      { id: defaultFieldId('relation', 'recipient'), name: 'recipient', type: 'relation', collectionId: usersId, maxSelect: 1, required: true, cascadeDelete: true },
      { id: defaultFieldId('text', 'title'), name: 'title', type: 'text', required: true, max: 500 },
      { id: defaultFieldId('text', 'body'), name: 'body', type: 'text', max: 10_000 },
      { id: defaultFieldId('json', 'data'), name: 'data', type: 'json', maxSize: 64 * 1024 },
      { id: defaultFieldId('bool', 'read'), name: 'read', type: 'bool' },
      ...autodateFields(),
    ],
    indexes: [`CREATE INDEX idx_notifications_recipient ON ${notificationsName} (recipient, created)`],
  };
}

export interface Notice {
  title: string;
  body?: string;
  data?: unknown;
  /** Also email the recipient (through the outbox: retried, and only if the write commits). */
  email?: boolean;
}

/**
 * In-app notifications: a record per notice, so the recipient gets it live through realtime
 * (subscribe to `_notifications`) under the collection's rules. `notify` called from a model hook
 * joins the write's transaction.
 */
export class Notifications {
  constructor(private deps: { collections: Collections; records: Records; outbox: Outbox; sendMail: (m: MailMessage) => Promise<void> }) {
    deps.outbox.handle(mailTopic, async (entry) => deps.sendMail(entry.payload as MailMessage));
  }

  /** Creates the collection the first time it is needed. */
  async ensure(): Promise<Collection> {
    return this.deps.collections.find(notificationsName) ?? (await this.deps.collections.create(notificationsCollection()));
  }

  async notify(userId: string, notice: Notice): Promise<RecordData> {
    const c = await this.ensure();
    const users = this.deps.collections.get(usersId);
    const user = await this.deps.records.findOne(users, userId);
    const record = await this.deps.records.create(c, { recipient: userId, title: notice.title, body: notice.body ?? '', data: notice.data ?? null, read: false }, { superuser: true });
    if (notice.email && user.email) {
      await this.deps.outbox.enqueue({ topic: mailTopic, target: String(user.email), payload: { to: String(user.email), subject: notice.title, html: escapeHtml(notice.body ?? ''), text: notice.body ?? '' } satisfies MailMessage });
    }
    return record;
  }
}

const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
