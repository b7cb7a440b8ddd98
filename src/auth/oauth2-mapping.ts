import { randomString } from '../lib/ids.js';
import type { Collection } from '../records/model.js';
import type { Executor } from '../store/store.js';
import { isNocaseUnique } from './auth-forms.js';
import type { OAuth2User } from './oauth2-client.js';

/**
 * The body of a record created by an OAuth2 sign-up: the client's `createData`, then the
 * provider's email and the collection's mapped fields (`oauth2.mappedFields`) for whatever the
 * client didn't send, and a random password when none was given.
 */
export async function mappedPayload(db: Executor, c: Collection, user: OAuth2User, createData: Record<string, unknown>): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = { ...createData };
  if (typeof payload.email !== 'string' || !payload.email) payload.email = user.email;
  const mapped = c.oauth2?.mappedFields ?? {};
  const unset = (field: string | undefined): field is string => Boolean(field) && !(field! in payload);
  if (unset(mapped.id)) payload[mapped.id] = user.id;
  if (unset(mapped.name)) payload[mapped.name] = user.name;
  if (unset(mapped.username) && (await canAssignUsername(db, c, mapped.username, user.username))) payload[mapped.username] = user.username;
  if (unset(mapped.avatarURL) && user.avatarURL) {
    const field = c.fields.find((f) => f.name === mapped.avatarURL);
    // File fields would need the image downloaded and stored; until then they are left empty.
    if (field && field.type !== 'file') payload[mapped.avatarURL] = user.avatarURL;
  }
  if (!('password' in payload)) {
    const password = randomString(30);
    payload.password = password;
    payload.passwordConfirm = password;
  }
  return payload;
}

/** A provider username is only taken when it fits the field's pattern and isn't already used. */
async function canAssignUsername(db: Executor, c: Collection, fieldName: string, username: string): Promise<boolean> {
  const field = c.fields.find((f) => f.name === fieldName);
  if (!field) return false;
  if (field.type === 'text') {
    const { min, max, pattern } = field as { min?: number; max?: number; pattern?: string };
    const n = [...username].length;
    if ((min && n < min) || (max && n > max)) return false;
    try {
      if (pattern && !new RegExp(pattern).test(username)) return false;
    } catch {
      return false;
    }
  }
  const q = db.dialect.quote;
  const unique = c.indexes.some((sql) => new RegExp(`^\\s*CREATE\\s+UNIQUE\\s+INDEX[^(]*\\(\\s*[\`"']?${fieldName}[\`"']?(\\s+COLLATE\\s+\\w+)?\\s*\\)`, 'i').test(sql));
  if (!unique) return true;
  const where = isNocaseUnique(c, fieldName) ? `LOWER(${q(fieldName)}) = LOWER(?)` : `${q(fieldName)} = ?`;
  return !(await db.get(db.dialect.finalize(`SELECT 1 FROM ${q(c.name)} WHERE ${where} LIMIT 1`), [username]));
}
