import { autodateFields } from '../records/collection-defaults.js';
import { defaultFieldId } from '../lib/ids.js';
import { fieldError, ValidationError, type ErrorData } from '../lib/errors.js';
import type { RecordData } from '../records/record.js';
import { urlProblem } from './webhook-request.js';
import type { PushKind, PushTarget } from './push-provider.js';

export const pushSubscriptionsName = '_pushSubscriptions';
const usersId = '_pb_users_auth_';
const mine = 'user = @request.auth.id';

/**
 * Devices a user receives pushes on. A browser's `PushSubscription.toJSON()` (endpoint, keys)
 * is a valid body as is; native apps send `kind` and `token`. Users list, add and remove only
 * their own; nobody edits one (a changed subscription is a new one).
 */
export function pushSubscriptionsCollection(): Record<string, unknown> {
  return {
    name: pushSubscriptionsName, type: 'base', system: true,
    listRule: mine, viewRule: mine, createRule: `@request.auth.id != "" && ${mine}`, updateRule: null, deleteRule: mine,
    fields: [
      { id: defaultFieldId('relation', 'user'), name: 'user', type: 'relation', collectionId: usersId, maxSelect: 1, required: true, cascadeDelete: true },
      { id: defaultFieldId('select', 'kind'), name: 'kind', type: 'select', values: ['webpush', 'fcm', 'apns'], maxSelect: 1 },
      { id: defaultFieldId('text', 'endpoint'), name: 'endpoint', type: 'text', max: 2048 },
      { id: defaultFieldId('json', 'keys'), name: 'keys', type: 'json', maxSize: 1024 },
      { id: defaultFieldId('text', 'token'), name: 'token', type: 'text', max: 4096 },
      ...autodateFields(),
    ],
    // one row per device and user: re-subscribing the same browser fails instead of doubling pushes
    indexes: [`CREATE UNIQUE INDEX \`idx_push_subscriptions_target\` ON \`${pushSubscriptionsName}\` (\`user\`, \`endpoint\`, \`token\`)`],
  };
}

/** Checks what the field types cannot: a Web Push row needs an https endpoint and both keys, a native one a token of a configured service. */
export function checkSubscription(r: RecordData, opts: { allowPrivate: boolean; configured: (k: PushKind) => boolean }): void {
  const kind = (String(r.kind || 'webpush')) as PushKind;
  const errors: ErrorData = {};
  if (!opts.configured(kind)) errors.kind = fieldError('validation_push_kind', `Push through ${kind} is not configured on this server.`);
  if (kind === 'webpush') {
    const endpoint = String(r.endpoint ?? '');
    const problem = urlProblem(endpoint, opts.allowPrivate) ?? (endpoint.startsWith('https:') ? undefined : 'Must be an https URL.');
    if (problem) errors.endpoint = fieldError('validation_invalid_url', problem);
    const keys = (r.keys ?? {}) as Record<string, unknown>;
    if (typeof keys.p256dh !== 'string' || Buffer.from(keys.p256dh, 'base64url').length !== 65) errors.keys = fieldError('validation_push_keys', 'keys.p256dh must be a base64url P-256 public key.');
    else if (typeof keys.auth !== 'string' || Buffer.from(keys.auth, 'base64url').length !== 16) errors.keys = fieldError('validation_push_keys', 'keys.auth must be a base64url 16-byte secret.');
    if (r.token) errors.token = fieldError('validation_push_token', 'Web Push subscriptions have no token.');
  } else {
    if (!r.token) errors.token = fieldError('validation_required', 'Cannot be blank.');
    if (r.endpoint) errors.endpoint = fieldError('validation_push_endpoint', `${kind} subscriptions have no endpoint.`);
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export function rowToTarget(r: RecordData): PushTarget {
  return { id: String(r.id), kind: (String(r.kind || 'webpush')) as PushKind, endpoint: String(r.endpoint ?? ''), keys: (r.keys ?? {}) as PushTarget['keys'], token: String(r.token ?? '') };
}
