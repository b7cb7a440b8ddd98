import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on a random loopback port, with its development
 * login/consent pages; `browse` plays the browser: it follows redirects, keeps cookies, signs in
 * as an account and consents, and stops at the first redirect back to the app.
 */

export interface OidcAccount {
  email: string;
  email_verified: boolean;
  name: string;
  preferred_username?: string;
}

export interface OidcServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, OidcAccount>;
  /** The collection's provider entry for this server. */
  providerConfig(name?: string): Record<string, unknown>;
  /** Walks `authURL` as `accountId` until the provider redirects to `redirectPrefix`; returns that URL. */
  browse(authURL: string, accountId: string, redirectPrefix: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startOidcServer(redirectURIs: string[]): Promise<OidcServer> {
  const accounts = new Map<string, OidcAccount>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const clientId = 'plinth-app';
  const clientSecret = 'plinth-app-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: redirectURIs,
      response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());

  async function browse(authURL: string, accountId: string, redirectPrefix: string): Promise<URL> {
    const cookies = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    };
    let url = authURL;
    let init: RequestInit = {};
    for (let step = 0; step < 20; step++) {
      const res = await send(url, init);
      init = {};
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, url);
        if (next.href.startsWith(redirectPrefix)) return next;
        url = next.href;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error('unexpected provider page: ' + html.slice(0, 500));
      const form = new URLSearchParams({ prompt });
      if (prompt === 'login') {
        form.set('login', accountId);
        form.set('password', 'any');
      }
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      init = { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    throw new Error('too many provider steps');
  }

  return {
    issuer, clientId, clientSecret, accounts, browse,
    providerConfig: (name = 'oidc') => ({
      name, clientId, clientSecret,
      authURL: `${issuer}/auth`, tokenURL: `${issuer}/token`, userInfoURL: `${issuer}/me`,
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
