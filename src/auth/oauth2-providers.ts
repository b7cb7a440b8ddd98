/**
 * The OAuth2 providers Plinth knows by name, with PocketBase's defaults (endpoints, scopes, PKCE)
 * and how each one's user JSON maps to the common user. A collection's provider config may
 * override the URLs, display name and PKCE; `oidc`, `oidc2` and `oidc3` are generic OpenID Connect
 * slots that need their URLs configured.
 */

/** The provider's user, as sign-in needs it. Email is set only when the provider vouches for it. */
export interface OAuth2UserCore {
  id: string;
  name: string;
  username: string;
  email: string;
  avatarURL: string;
}

type Raw = Record<string, unknown>;

export interface ProviderDefinition {
  displayName: string;
  authURL: string;
  tokenURL: string;
  userInfoURL: string;
  scopes: string[];
  pkce: boolean;
  mapUser(raw: Raw): OAuth2UserCore;
  /** Some providers keep the verified email behind a second call. */
  verifiedEmail?(fetchJson: (url: string) => Promise<unknown>, userInfoURL: string): Promise<string>;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** Providers send booleans as true, "true" or 1. */
export const truthy = (v: unknown): boolean => v === true || v === 1 || (typeof v === 'string' && ['1', 't', 'true'].includes(v.toLowerCase()));

const oidcUser = (raw: Raw): OAuth2UserCore => ({
  id: s(raw.sub),
  name: s(raw.name),
  username: s(raw.preferred_username),
  email: truthy(raw.email_verified) ? s(raw.email) : '',
  avatarURL: s(raw.picture),
});

const oidc: ProviderDefinition = {
  displayName: 'OIDC', authURL: '', tokenURL: '', userInfoURL: '', scopes: ['openid', 'email', 'profile'], pkce: true, mapUser: oidcUser,
};

const definitions: Record<string, ProviderDefinition> = {
  oidc,
  oidc2: oidc,
  oidc3: oidc,
  google: {
    displayName: 'Google',
    authURL: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenURL: 'https://oauth2.googleapis.com/token',
    userInfoURL: 'https://www.googleapis.com/oauth2/v3/userinfo',
    scopes: ['https://www.googleapis.com/auth/userinfo.profile', 'https://www.googleapis.com/auth/userinfo.email'],
    pkce: true,
    mapUser: (raw) => ({ ...oidcUser(raw), username: '' }),
  },
  github: {
    displayName: 'GitHub',
    authURL: 'https://github.com/login/oauth/authorize',
    tokenURL: 'https://github.com/login/oauth/access_token',
    userInfoURL: 'https://api.github.com/user',
    scopes: ['read:user', 'user:email'],
    pkce: true,
    mapUser: (raw) => ({ id: s(raw.id), name: s(raw.name), username: s(raw.login), email: '', avatarURL: s(raw.avatar_url) }),
    async verifiedEmail(fetchJson, userInfoURL) {
      const list = await fetchJson(userInfoURL + '/emails').catch(() => []);
      const primary = Array.isArray(list) ? (list as Raw[]).find((e) => e.verified === true && e.primary === true) : undefined;
      return primary ? s(primary.email) : '';
    },
  },
  gitlab: {
    displayName: 'GitLab',
    authURL: 'https://gitlab.com/oauth/authorize',
    tokenURL: 'https://gitlab.com/oauth/token',
    userInfoURL: 'https://gitlab.com/api/v4/user',
    scopes: ['read_user'],
    pkce: true,
    mapUser: (raw) => ({
      id: s(raw.id), name: s(raw.name), username: s(raw.username), avatarURL: s(raw.avatar_url),
      email: s(raw.confirmed_at) && !Number.isNaN(Date.parse(s(raw.confirmed_at))) ? s(raw.email) : '',
    }),
  },
  discord: {
    displayName: 'Discord',
    authURL: 'https://discord.com/api/oauth2/authorize',
    tokenURL: 'https://discord.com/api/oauth2/token',
    userInfoURL: 'https://discord.com/api/users/@me',
    scopes: ['identify', 'email'],
    pkce: true,
    mapUser: (raw) => {
      const id = s(raw.id);
      const discriminator = s(raw.discriminator);
      const plain = s(raw.username) + (discriminator && discriminator !== '0' ? '#' + discriminator : '');
      return {
        id, username: s(raw.username), name: s(raw.global_name) || plain,
        avatarURL: s(raw.avatar) ? `https://cdn.discordapp.com/avatars/${id}/${s(raw.avatar)}.png` : '',
        email: raw.verified === true ? s(raw.email) : '',
      };
    },
  },
};

export function providerDefinition(name: string): ProviderDefinition | undefined {
  return Object.hasOwn(definitions, name) ? definitions[name] : undefined;
}

export const providerNames = (): string[] => Object.keys(definitions);

/** A collection's provider entry (`oauth2.providers[i]`), as stored. */
export interface ProviderConfig {
  name: string;
  clientId: string;
  clientSecret: string;
  authURL: string;
  tokenURL: string;
  userInfoURL: string;
  displayName: string;
  pkce: boolean | null;
  extra: Record<string, unknown> | null;
}

/** A provider ready to use: the definition's defaults under the collection's overrides. */
export interface Provider extends ProviderConfig {
  pkce: boolean;
  scopes: string[];
  definition: ProviderDefinition;
}

export function resolveProvider(raw: Record<string, unknown>): Provider | undefined {
  const name = s(raw.name);
  const def = providerDefinition(name);
  if (!def) return undefined;
  const pick = (key: string, fallback: string) => s(raw[key]) || fallback;
  return {
    name,
    clientId: s(raw.clientId),
    clientSecret: s(raw.clientSecret),
    authURL: pick('authURL', def.authURL),
    tokenURL: pick('tokenURL', def.tokenURL),
    userInfoURL: pick('userInfoURL', def.userInfoURL),
    displayName: pick('displayName', def.displayName) || name,
    pkce: typeof raw.pkce === 'boolean' ? raw.pkce : def.pkce,
    extra: raw.extra && typeof raw.extra === 'object' ? (raw.extra as Record<string, unknown>) : null,
    scopes: def.scopes,
    definition: def,
  };
}
