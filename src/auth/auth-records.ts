import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById } from '../records/record-repo.js';
import type { Executor } from '../store/store.js';
import { peekClaims, verifyToken, type TokenType } from './tokens.js';

/** The signed-in caller of a request: an auth record and its collection. */
export interface AuthInfo {
  collection: Collection;
  record: RecordData;
}

export { superusersName } from '../records/model.js';
import { superusersName } from '../records/model.js';
export const isSuperuser = (auth: AuthInfo | null | undefined) => auth?.collection.name === superusersName;

/** Strips an optional `Bearer ` prefix: SDKs send the raw token, other clients the prefixed one. */
export function tokenFromHeader(header: string | undefined): string {
  if (!header) return '';
  return header.replace(/^bearer\s+/i, '').trim();
}

/**
 * Finds the record a token belongs to and checks its signature with that record's key.
 * Returns null for anything invalid: callers treat the request as a guest's.
 */
export async function recordFromToken(
  db: Executor,
  findCollection: (id: string) => Collection | undefined,
  token: string,
  type: TokenType,
): Promise<(AuthInfo & { refreshable: boolean }) | null> {
  if (!token) return null;
  const claims = peekClaims(token);
  if (!claims || claims.type !== type || typeof claims.id !== 'string' || typeof claims.collectionId !== 'string') return null;
  const c = findCollection(claims.collectionId);
  if (!c || c.type !== 'auth') return null;
  const record = await findById(db, c, claims.id);
  if (!record) return null;
  const verified = await verifyToken(c, String(record.tokenKey ?? ''), token, type);
  if (!verified) return null;
  return { collection: c, record, refreshable: verified.refreshable !== false };
}
