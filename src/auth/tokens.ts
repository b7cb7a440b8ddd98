import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
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
  const known = verified.get(token);
  if (known) return known.payload as Partial<TokenClaims>;
  try {
    return decodeJwt(token) as Partial<TokenClaims>;
  } catch {
    return undefined;
  }
}

/**
 * HS256 checked with node:crypto, synchronously: this runs on every authenticated request, and
 * jose's webcrypto path imports the key again each call (about a sixth of a create request's CPU).
 * Same checks as jose: header alg, constant-time signature, `exp` and `nbf` against now.
 */
export async function verifyToken(c: Collection, tokenKey: string, token: string, type: TokenType): Promise<TokenClaims | undefined> {
  const keyText = tokenKey + (c[tokenTypes[type]]?.secret ?? '');
  const known = verified.get(token);
  // a token already checked against this very key needs only its expiry checked again
  const payload = known?.keyText === keyText ? (unexpired(known.payload) ? known.payload : undefined) : verifyHs256(token, new TextEncoder().encode(keyText));
  if (payload && !known) remember(token, keyText, payload);
  return payload?.type === type ? (payload as unknown as TokenClaims) : undefined;
}

/** Tokens whose signature held, with the key text it held for: clients send the same token again and again. */
const verified = new Map<string, { keyText: string; payload: Record<string, unknown> }>();
const verifiedMax = 10_000;

function remember(token: string, keyText: string, payload: Record<string, unknown>) {
  if (verified.size >= verifiedMax) verified.delete(verified.keys().next().value as string);
  verified.set(token, { keyText, payload });
}

function unexpired(payload: Record<string, unknown>): boolean {
  const now = Math.floor(Date.now() / 1000);
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || payload.exp <= now)) return false;
  return !(payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now));
}

function verifyHs256(token: string, key: Uint8Array): Record<string, unknown> | undefined {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot1), 'base64url').toString());
    if (header?.alg !== 'HS256') return undefined;
    // compared as base64url text, so no other spelling of the same bytes passes
    const given = Buffer.from(token.slice(dot2 + 1));
    const expected = Buffer.from(createHmac('sha256', key).update(token.slice(0, dot2)).digest('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const payload = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString());
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    return unexpired(payload) ? Object.freeze(payload) : undefined;
  } catch {
    return undefined;
  }
}
