import { fieldError, NotFoundError, ValidationError, type FieldError } from '../lib/errors.js';
import { newId, randomHex } from '../lib/ids.js';
import type { Executor } from '../store/store.js';

export const webhookActions = ['create', 'update', 'delete'] as const;
export type WebhookAction = (typeof webhookActions)[number];

export interface Webhook {
  id: string;
  url: string;
  /** Collection names or ids; `*` for every non-system collection (system ones must be named). */
  collections: string[];
  actions: WebhookAction[];
  /** Optional condition in the rules language the record must meet (e.g. `status = "paid"`). */
  filter: string;
  secret: string;
  enabled: boolean;
  created: number;
  updated: number;
}

export const webhooksDdl = `CREATE TABLE IF NOT EXISTS _webhooks (
  id TEXT PRIMARY KEY NOT NULL,
  url TEXT NOT NULL,
  collections TEXT NOT NULL,
  actions TEXT NOT NULL,
  filter TEXT DEFAULT '' NOT NULL,
  secret TEXT NOT NULL,
  enabled INTEGER DEFAULT 1 NOT NULL,
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL
)`;

export function rowToWebhook(r: Record<string, unknown>): Webhook {
  return {
    id: String(r.id),
    url: String(r.url),
    collections: JSON.parse(String(r.collections)),
    actions: JSON.parse(String(r.actions)),
    filter: String(r.filter ?? ''),
    secret: String(r.secret),
    enabled: Number(r.enabled) === 1,
    created: Number(r.created),
    updated: Number(r.updated),
  };
}

/** Checks on a webhook's fields the store cannot make (collections, filter): message per field, or nothing. */
export type WebhookChecks = (w: Webhook) => Record<string, string>;

/** Merges a request body over `base` (defaults for a new webhook) and validates it. */
export function buildWebhook(body: Record<string, unknown>, base: Webhook | undefined, check: WebhookChecks): Webhook {
  const now = Date.now();
  const w: Webhook = base ? { ...base, updated: now } : { id: newId(), url: '', collections: [], actions: [...webhookActions], filter: '', secret: randomHex(32), enabled: true, created: now, updated: now };
  const errors: Record<string, FieldError> = {};
  const bad = (k: string, m: string) => (errors[k] = fieldError('validation_invalid_value', m));
  if ('url' in body) w.url = typeof body.url === 'string' ? body.url.trim() : '';
  if ('collections' in body) Array.isArray(body.collections) && body.collections.every((x) => typeof x === 'string') ? (w.collections = body.collections as string[]) : bad('collections', 'Must be a list of collection names.');
  if ('actions' in body) Array.isArray(body.actions) && body.actions.length && body.actions.every((x) => webhookActions.includes(x)) ? (w.actions = body.actions as WebhookAction[]) : bad('actions', 'Must be a non-empty list of create, update, delete.');
  if ('filter' in body) typeof body.filter === 'string' ? (w.filter = body.filter) : bad('filter', 'Must be a string.');
  if ('secret' in body) typeof body.secret === 'string' && body.secret.length >= 16 ? (w.secret = body.secret) : bad('secret', 'Must be at least 16 characters.');
  if ('enabled' in body) typeof body.enabled === 'boolean' ? (w.enabled = body.enabled) : bad('enabled', 'Must be a boolean.');
  if (!w.url) errors.url = fieldError('validation_required', 'Cannot be blank.');
  if (!w.collections.length && !errors.collections) bad('collections', 'Must name at least one collection (or "*").');
  if (!Object.keys(errors).length) for (const [k, m] of Object.entries(check(w))) bad(k, m);
  if (Object.keys(errors).length) throw new ValidationError(errors, 'Failed to save webhook.');
  return w;
}

export async function listWebhooks(db: Executor): Promise<Webhook[]> {
  return (await db.query('SELECT * FROM _webhooks ORDER BY created')).map(rowToWebhook);
}

export async function findWebhook(db: Executor, id: string): Promise<Webhook> {
  const row = await db.get(db.dialect.finalize('SELECT * FROM _webhooks WHERE id = ?'), [id]);
  if (!row) throw new NotFoundError();
  return rowToWebhook(row);
}

export async function saveWebhook(db: Executor, w: Webhook, isNew: boolean): Promise<void> {
  const v = [w.url, JSON.stringify(w.collections), JSON.stringify(w.actions), w.filter, w.secret, w.enabled ? 1 : 0, w.updated];
  if (isNew) {
    await db.run(db.dialect.finalize('INSERT INTO _webhooks (url, collections, actions, filter, secret, enabled, updated, created, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'), [...v, w.created, w.id]);
  } else {
    await db.run(db.dialect.finalize('UPDATE _webhooks SET url = ?, collections = ?, actions = ?, filter = ?, secret = ?, enabled = ?, updated = ? WHERE id = ?'), [...v, w.id]);
  }
}

export async function deleteWebhook(db: Executor, id: string): Promise<void> {
  const r = await db.run(db.dialect.finalize('DELETE FROM _webhooks WHERE id = ?'), [id]);
  if (!r.changes) throw new NotFoundError();
}
