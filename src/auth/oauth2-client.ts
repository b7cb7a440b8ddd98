import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { randomString } from '../lib/ids.js';
import { formatDate } from '../lib/time.js';
import type { OAuth2UserCore, Provider } from './oauth2-providers.js';

/**
 * The OAuth2 authorization-code protocol against one provider: the authorization URL (with
 * PKCE), the code-for-token exchange, and the user info. Plain `fetch`, bounded by a timeout.
 */

/** A provider that doesn't answer in this time fails the sign-in. */
const providerTimeoutMs = 30_000;
/** Clock skew tolerated on id_token timestamps. */
const idTokenLeewaySeconds = 300;

export interface OAuth2Token {
  accessToken: string;
  refreshToken: string;
  /** PocketBase datetime, or "" when the provider gave no lifetime. */
  expiry: string;
  idToken: string;
}

export interface OAuth2User extends OAuth2UserCore {
  rawUser: Record<string, unknown>;
  accessToken: string;
  refreshToken: string;
  expiry: string;
}

export interface Pkce {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

export function newPkce(): Pkce {
  const codeVerifier = randomString(43);
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  return { codeVerifier, codeChallenge, codeChallengeMethod: 'S256' };
}

/** Query keys sorted, spaces as `+`, as Go's oauth2 package builds it; the caller appends `redirect_uri`. */
export function buildAuthURL(p: Provider, state: string, pkce?: Pkce): string {
  const params: Record<string, string> = { client_id: p.clientId, response_type: 'code', state };
  if (p.scopes.length) params.scope = p.scopes.join(' ');
  if (pkce) Object.assign(params, { code_challenge: pkce.codeChallenge, code_challenge_method: pkce.codeChallengeMethod });
  const query = new URLSearchParams(Object.keys(params).sort().map((k) => [k, params[k]]));
  return p.authURL + (p.authURL.includes('?') ? '&' : '?') + query.toString();
}

async function request(url: string, init: RequestInit): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(providerTimeoutMs), redirect: 'follow' });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

function parseTokenBody(body: string, type: string): Record<string, unknown> {
  if (/json/i.test(type) || body.trim().startsWith('{')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * Exchanges the code. Client credentials go in a Basic header first and, if the provider refuses
 * that, in the form body (Go's auto-detected auth style).
 */
export async function exchangeCode(p: Provider, code: string, redirectURL: string, codeVerifier: string): Promise<OAuth2Token> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code };
  if (redirectURL) form.redirect_uri = redirectURL;
  if (p.pkce && codeVerifier) form.code_verifier = codeVerifier;
  const basic = Buffer.from(`${encodeURIComponent(p.clientId)}:${encodeURIComponent(p.clientSecret)}`).toString('base64');
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  let res = await request(p.tokenURL, { method: 'POST', headers: { ...headers, authorization: `Basic ${basic}` }, body: new URLSearchParams(form) });
  if (res.status >= 400) {
    res = await request(p.tokenURL, { method: 'POST', headers, body: new URLSearchParams({ ...form, client_id: p.clientId, client_secret: p.clientSecret }) });
  }
  if (res.status < 200 || res.status >= 300) throw new Error(`token endpoint answered ${res.status}`);
  const data = parseTokenBody(res.body, res.type);
  if (data.error) throw new Error(`token endpoint error: ${String(data.error)}`);
  const accessToken = typeof data.access_token === 'string' ? data.access_token : '';
  if (!accessToken) throw new Error('token response without access_token');
  const expiresIn = Number(data.expires_in ?? 0);
  return {
    accessToken,
    refreshToken: typeof data.refresh_token === 'string' ? data.refresh_token : '',
    expiry: expiresIn > 0 ? formatDate(new Date(Date.now() + expiresIn * 1000)) : '',
    idToken: typeof data.id_token === 'string' ? data.id_token : '',
  };
}

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const res = await request(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  if (res.status >= 400) throw new Error(`user info endpoint answered ${res.status}`);
  return JSON.parse(res.body);
}

/** The provider's user: from its user info URL, or (OpenID Connect without one) from the id_token. */
export async function fetchUser(p: Provider, token: OAuth2Token): Promise<OAuth2User> {
  const raw = p.userInfoURL ? await getJson(p.userInfoURL, token.accessToken) : await idTokenClaims(p, token.idToken);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('user info is not a JSON object');
  const rawUser = raw as Record<string, unknown>;
  const core = p.definition.mapUser(rawUser);
  if (p.definition.verifiedEmail) core.email = await p.definition.verifiedEmail((url) => getJson(url, token.accessToken), p.userInfoURL);
  return { ...core, rawUser, accessToken: token.accessToken, refreshToken: token.refreshToken, expiry: token.expiry };
}

/** Checks audience and times; the issuer and signature too when `extra.issuers` / `extra.jwksURL` say how. */
async function idTokenClaims(p: Provider, idToken: string): Promise<Record<string, unknown>> {
  if (!idToken) throw new Error('empty id_token');
  const claims = decodeJwt(idToken) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(p.clientId)) throw new Error('id_token audience mismatch');
  if (typeof claims.exp === 'number' && claims.exp + idTokenLeewaySeconds < now) throw new Error('id_token expired');
  if (typeof claims.iat === 'number' && claims.iat - idTokenLeewaySeconds > now) throw new Error('id_token issued in the future');
  const issuers = Array.isArray(p.extra?.issuers) ? (p.extra!.issuers as unknown[]).map(String) : [];
  if (issuers.length && !issuers.includes(String(claims.iss ?? ''))) throw new Error('id_token issuer not allowed');
  const jwksURL = typeof p.extra?.jwksURL === 'string' ? p.extra.jwksURL : '';
  if (jwksURL) await jwtVerify(idToken, createRemoteJWKSet(new URL(jwksURL)), { clockTolerance: idTokenLeewaySeconds });
  return claims;
}
