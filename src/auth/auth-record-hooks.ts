import { randomString } from '../lib/ids.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import type { RecordEvent } from '../records/record-events.js';
import { findWhere } from '../records/record-repo.js';
import type { Executor, Tx } from '../store/store.js';
import { authOriginsName } from './auth-alert.js';
import type { AuthDeps } from './auth-deps.js';
import { hasExpired } from './auth-forms.js';
import { mfasName } from './mfa.js';
import { externalAuthsName } from './oauth2.js';
import { otpsName } from './otp.js';

/**
 * The auth side tables follow their records: they listen on the record write path, so every
 * writer (API, batch, hooks) keeps them consistent.
 * - an auth record deleted → its OTPs, MFA sessions, provider links and login origins go too;
 * - a new tokenKey (password or email change) → its pending OTPs are void;
 * - a new password → its open MFA sessions are void;
 * - an unverified record becoming verified → provider links made before are dropped (they may
 *   be a squatter's) and, if there were any, its tokens are rotated.
 */
export function bindAuthRecordHooks(d: AuthDeps): void {
  const { hooks } = d.records;
  const sideTables = [otpsName, mfasName, externalAuthsName, authOriginsName];

  hooks.onRecordDelete.bind(async (e) => {
    await e.next();
    if (e.collection.type !== 'auth') return;
    for (const name of sideTables) await deleteRefs(d, e.tx, name, e.collection, e.record);
  });

  hooks.onRecordUpdate.bind(async (e: RecordEvent) => {
    if (e.collection.type !== 'auth' || !e.original) return e.next();
    const verifiedNow = !e.original.verified && Boolean(e.record.verified);
    if (verifiedNow && (await deleteRefs(d, e.tx, externalAuthsName, e.collection, e.record))) e.record.tokenKey = randomString(50);
    await e.next();
    if (e.original.tokenKey !== e.record.tokenKey) await deleteRefs(d, e.tx, otpsName, e.collection, e.record);
    if (e.original.password !== e.record.password) await deleteRefs(d, e.tx, mfasName, e.collection, e.record);
  });
}

/** Deletes the rows of `table` that point at `record`; returns how many there were. */
async function deleteRefs(d: AuthDeps, tx: Executor, table: string, c: Collection, record: RecordData): Promise<number> {
  const side = d.collections.find(table);
  if (!side) return 0;
  const q = tx.dialect.quote;
  const rows = await findWhere(tx, side, [{ sql: `${q('collectionRef')} = ? AND ${q('recordRef')} = ?`, params: [c.id, record.id] }], 10_000);
  for (const row of rows) await d.records.delete(side, row, { tx: tx as Tx });
  return rows.length;
}

/** Hourly: OTPs or MFA sessions past their collection's duration (even where now disabled). */
export async function deleteExpiredAuthRows(d: AuthDeps, kind: 'otp' | 'mfa'): Promise<void> {
  const side = d.collections.find(kind === 'otp' ? otpsName : mfasName);
  if (!side) return;
  const q = d.store.dialect.quote;
  for (const c of d.collections.all().filter((x) => x.type === 'auth')) {
    const duration = (kind === 'otp' ? c.otp?.duration : c.mfa?.duration) ?? 0;
    const rows = await findWhere(d.store, side, [{ sql: `${q('collectionRef')} = ?`, params: [c.id] }], 10_000);
    for (const row of rows) if (hasExpired(row.created, duration)) await d.records.delete(side, row);
  }
}
