import { ApiError, BadRequestError, fieldError, ForbiddenError, type ErrorData } from '../lib/errors.js';
import { randomString } from '../lib/ids.js';
import { superusersName, type Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById, findWhere } from '../records/record-repo.js';
import type { Executor, Tx } from '../store/store.js';
import { systemCollection, type AuthDeps } from './auth-deps.js';
import { findAuthRecordByEmail, requiredError, text, throwIfErrors } from './auth-forms.js';
import { buildAuthURL, exchangeCode, fetchUser, newPkce, type OAuth2User } from './oauth2-client.js';
import { resolveProvider, type Provider } from './oauth2-providers.js';
import { mappedPayload } from './oauth2-mapping.js';

export const externalAuthsName = '_externalAuths';

/** One provider as `auth-methods` lists it; `authURL` ends with `redirect_uri=` for the client to fill. */
export interface ProviderInfo {
  name: string;
  displayName: string;
  logo: string;
  state: string;
  authURL: string;
  authUrl: string;
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

export interface OAuth2Context {
  /** The caller's record when signed in to this collection: a new provider links to it. */
  current?: RecordData;
  /** Creates the record as the records API would (create rule, context `oauth2`), inside `tx`. */
  create(body: Record<string, unknown>, tx: Tx): Promise<RecordData>;
}

export interface OAuth2Result {
  record: RecordData;
  meta: Record<string, unknown>;
}

/**
 * OAuth2 sign-in with the authorization-code flow (PKCE where the provider supports it): the
 * code is exchanged for the provider's user, which resolves to a record through `_externalAuths`,
 * the signed-in record, or a verified email match, and is otherwise created (sign-up).
 */
export class OAuth2Service {
  constructor(private readonly d: AuthDeps) {}

  /** Fresh state and PKCE values per call; providers that can't be set up are skipped. */
  providersInfo(c: Collection): ProviderInfo[] {
    if (!c.oauth2?.enabled) return [];
    const out: ProviderInfo[] = [];
    for (const raw of c.oauth2.providers) {
      const p = resolveProvider(raw);
      if (!p) continue;
      const state = randomString(30);
      const pkce = p.pkce ? newPkce() : undefined;
      const authURL = buildAuthURL(p, state, pkce) + '&redirect_uri=';
      out.push({
        name: p.name, displayName: p.displayName, logo: '', state, authURL, authUrl: authURL,
        codeVerifier: pkce?.codeVerifier ?? '', codeChallenge: pkce?.codeChallenge ?? '', codeChallengeMethod: pkce?.codeChallengeMethod ?? '',
      });
    }
    return out;
  }

  async authenticate(c: Collection, body: Record<string, unknown>, ctx: OAuth2Context): Promise<OAuth2Result> {
    if (!c.oauth2?.enabled) throw new ForbiddenError('The collection is not configured to allow OAuth2 authentication.');
    const provider = this.validate(c, body);
    const code = text(body.code);
    const redirectURL = text(body.redirectURL) || text(body.redirectUrl);
    const token = await exchangeCode(provider, code, redirectURL, text(body.codeVerifier)).catch(() => {
      throw new BadRequestError('Failed to fetch OAuth2 token.');
    });
    const user = await fetchUser(provider, token).catch(() => {
      throw new BadRequestError('Failed to fetch OAuth2 user.');
    });

    const link = await this.findLink(this.d.store, c, provider.name, user.id);
    let record: RecordData | undefined;
    if (link) record = await findById(this.d.store, c, String(link.recordRef));
    else if (ctx.current) record = ctx.current;
    else if (user.email) record = await findAuthRecordByEmail(this.d.store, c, user.email);
    if (link && !record) throw new BadRequestError('Failed to authenticate.');
    const isNew = !record;

    const createData = body.createData && typeof body.createData === 'object' && !Array.isArray(body.createData) ? (body.createData as Record<string, unknown>) : {};
    try {
      record = await this.d.store.transaction((tx) => (record
        ? this.signIn(tx, c, record, provider.name, user, link, ctx)
        : this.signUp(tx, c, provider.name, user, createData, ctx)));
    } catch (err) {
      throw err instanceof ApiError ? err : new BadRequestError('Failed to authenticate.');
    }
    return { record, meta: metaOf(user, isNew) };
  }

  private validate(c: Collection, body: Record<string, unknown>): Provider {
    const name = text(body.provider);
    const errors: ErrorData = {};
    const config = c.oauth2!.providers.find((p) => p.name === name);
    if (!name) errors.provider = requiredError();
    else if (name.length > 100) errors.provider = fieldError('validation_length_too_long', 'The length must be no more than 100.', { max: 100 });
    else if (!config) errors.provider = fieldError('validation_invalid_provider', `Provider with name ${name} is missing or is not enabled.`, { name });
    if (!text(body.code)) errors.code = requiredError();
    throwIfErrors(errors, 'An error occurred while loading the submitted data.');
    const p = resolveProvider(config!);
    if (!p) throw new ApiError(500, 'Missing or invalid provider config.');
    return p;
  }

  private async signUp(tx: Tx, c: Collection, providerName: string, user: OAuth2User, createData: Record<string, unknown>, ctx: OAuth2Context): Promise<RecordData> {
    if (c.name === superusersName) throw new Error('superusers are not allowed to sign up with OAuth2');
    const payload = await mappedPayload(tx, c, user, createData);
    let record = await ctx.create(payload, tx);
    // Verified as far as the provider vouches: the address it gave is the record's.
    if (record.email === user.email && !record.verified) record = await this.d.records.update(c, record, { verified: true }, { superuser: true, tx });
    await this.saveLink(tx, c, record, providerName, user.id);
    return record;
  }

  private async signIn(tx: Tx, c: Collection, record: RecordData, providerName: string, user: OAuth2User, link: RecordData | undefined, ctx: OAuth2Context): Promise<RecordData> {
    const patch: Record<string, unknown> = {};
    if (!record.verified) {
      // Someone may have pre-registered this address: their password and links must not survive.
      if (ctx.current?.id !== record.id) {
        const password = randomString(30);
        Object.assign(patch, { password, passwordConfirm: password });
      }
      await this.deleteLinks(tx, c, record);
      link = undefined;
    }
    // A record created by a provider without email takes the first one a provider vouches for.
    if (!record.email && user.email) patch.email = user.email;
    const email = String(patch.email ?? record.email ?? '');
    if (!record.verified && (!email || email === user.email)) patch.verified = true;
    if (Object.keys(patch).length) record = await this.d.records.update(c, record, patch, { superuser: true, tx });
    if (!link) await this.saveLink(tx, c, record, providerName, user.id);
    return record;
  }

  private async findLink(db: Executor, c: Collection, provider: string, providerId: string): Promise<RecordData | undefined> {
    const ext = systemCollection(this.d, externalAuthsName);
    const q = db.dialect.quote;
    const where = { sql: `${q('collectionRef')} = ? AND ${q('provider')} = ? AND ${q('providerId')} = ?`, params: [c.id, provider, providerId] };
    return (await findWhere(db, ext, [where], 1))[0];
  }

  private async saveLink(tx: Tx, c: Collection, record: RecordData, provider: string, providerId: string) {
    const ext = systemCollection(this.d, externalAuthsName);
    await this.d.records.create(ext, { collectionRef: c.id, recordRef: record.id, provider, providerId }, { superuser: true, tx });
  }

  private async deleteLinks(tx: Tx, c: Collection, record: RecordData) {
    const ext = systemCollection(this.d, externalAuthsName);
    const q = tx.dialect.quote;
    const rows = await findWhere(tx, ext, [{ sql: `${q('collectionRef')} = ? AND ${q('recordRef')} = ?`, params: [c.id, record.id] }], 1000);
    for (const row of rows) await this.d.records.delete(ext, row, { tx });
  }
}

/** The provider's user as the response `meta`: keys sorted, as PocketBase serializes a map. */
function metaOf(u: OAuth2User, isNew: boolean): Record<string, unknown> {
  return {
    accessToken: u.accessToken, avatarURL: u.avatarURL, avatarUrl: u.avatarURL, email: u.email, expiry: u.expiry,
    id: u.id, isNew, name: u.name, rawUser: u.rawUser, refreshToken: u.refreshToken, username: u.username,
  };
}
