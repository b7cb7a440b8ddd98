import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import type { Collection, TokenKind } from '../records/model.js';

/** Token `type` claims and the collection option holding each one's secret and duration. */
export const tokenTypes = {
  auth: 'authToken',
  file: 'fileToken',
  verification: 'verificationToken',
  passwordReset: 'passwordResetToken',
  emailChange: 'emailChangeToken',
} as const satisfies Record<string, TokenKind>;
export type TokenType = keyof typeof tokenTypes;

export interface TokenClaims {
  type: TokenType;
  id: string;
  collectionId: string;
  exp: number;
  refreshable?: boolean;
  email?: string;
  newEmail?: string;
}

/** Per record and per collection: rotating either the record's tokenKey or the secret kills old tokens. */
function signingKey(c: Collection, tokenKey: string, type: TokenType): Uint8Array {
  return new TextEncoder().encode(tokenKey + (c[tokenTypes[type]]?.secret ?? ''));
}

export async function signToken(
  c: Collection,
  record: { id: string; tokenKey: string },
  type: TokenType,
  extra: Record<string, unknown> = {},
  durationSeconds?: number,
): Promise<string> {
  const duration = durationSeconds || c[tokenTypes[type]]?.duration || 0;
  return new SignJWT({ ...extra, collectionId: c.id, id: record.id, type })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + duration)
    .sign(signingKey(c, record.tokenKey, type));
}

/** Claims without checking the signature: only to find which record and collection to verify against. */
export function peekClaims(token: string): Partial<TokenClaims> | undefined {
  try {
    return decodeJwt(token) as Partial<TokenClaims>;
  } catch {
    return undefined;
  }
}

export async function verifyToken(c: Collection, tokenKey: string, token: string, type: TokenType): Promise<TokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, signingKey(c, tokenKey, type), { algorithms: ['HS256'] });
    return payload.type === type ? (payload as unknown as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
