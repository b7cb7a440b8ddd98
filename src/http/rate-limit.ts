import { BlockList, isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/app.js';
import { isSuperuser } from '../auth/auth-records.js';
import { ApiError, NotFoundError } from '../lib/errors.js';
import type { RateLimitRule } from '../settings/settings-model.js';

/**
 * Rate limits from `settings.rateLimits`, checked for every request once its auth is known.
 * Collection routes are matched by `<collection>:<tag>`, then `*:<tag>`; every route also by
 * `METHOD /path`, `/path` and `/prefix/` labels. Counters live behind `app.rateLimiter`.
 */

/** The tags PocketBase gives each collection route (the login routes also carry `auth`). */
const routeTags: Record<string, Record<string, string[]>> = {
  '/api/collections/:collection/records': { GET: ['list'], POST: ['create'] },
  '/api/collections/:collection/records/:id': { GET: ['view'], PATCH: ['update'], DELETE: ['delete'] },
  '/api/collections/:collection/auth-methods': { GET: ['listAuthMethods'] },
  '/api/collections/:collection/auth-refresh': { POST: ['authRefresh'] },
  '/api/collections/:collection/auth-with-password': { POST: ['authWithPassword', 'auth'] },
  '/api/collections/:collection/auth-with-oauth2': { POST: ['authWithOAuth2', 'auth'] },
  '/api/collections/:collection/request-otp': { POST: ['requestOTP'] },
  '/api/collections/:collection/auth-with-otp': { POST: ['authWithOTP', 'auth'] },
  '/api/collections/:collection/request-password-reset': { POST: ['requestPasswordReset'] },
  '/api/collections/:collection/confirm-password-reset': { POST: ['confirmPasswordReset'] },
  '/api/collections/:collection/request-verification': { POST: ['requestVerification'] },
  '/api/collections/:collection/confirm-verification': { POST: ['confirmVerification'] },
  '/api/collections/:collection/request-email-change': { POST: ['requestEmailChange'] },
  '/api/collections/:collection/confirm-email-change': { POST: ['confirmEmailChange'] },
  '/api/files/:collection/:recordId/:filename': { GET: ['file'], HEAD: ['file'] },
};

/** Record CRUD handlers look their collection up themselves (with their own 404 messages). */
const recordsPrefix = '/api/collections/:collection/records';

export function rateLimits(server: FastifyInstance, app: App): void {
  let excluded: { list: readonly string[]; block: BlockList } | undefined;
  const excludedList = (ips: readonly string[]) => {
    if (excluded?.list !== ips) excluded = { list: ips, block: blockListOf(ips) };
    return excluded.block;
  };

  server.addHook('preHandler', async (req) => {
    const pattern = req.routeOptions.url ?? '';
    const tags = routeTags[pattern]?.[req.method];
    const c = tags && app.collections.find((req.params as { collection?: string }).collection ?? '');
    // As in PocketBase, the limiter of auth and file routes is what first needs the collection.
    if (tags && !c && !pattern.startsWith(recordsPrefix)) throw new NotFoundError('Missing or invalid collection context.');
    const settings = app.settings.get().rateLimits;
    if (!settings.enabled || isSuperuser(req.auth)) return;
    const ip = req.ip;
    if (!ip || matchesIp(excludedList(settings.excludedIPs), ip)) return;
    const path = req.url.split('?')[0];
    let labels = [`${req.method} ${path}`, path];
    let scope: string | undefined;
    if (tags && c) {
      labels = [...tags.map((t) => `${c.name}:${t}`), ...tags.map((t) => `*:${t}`), ...labels];
      scope = c.id + pattern + tags.join('');
    }
    const rule = findRateLimitRule(settings.rules, labels, req.auth ? ['', '@auth'] : ['', '@guest']);
    if (!rule) return;
    // The rule's numbers are part of the key: editing a rule starts fresh windows.
    const key = `rl:${scope ?? rule.label}${rule.audience}:${rule.maxRequests}/${rule.duration}:${ip}`;
    if (!(await app.rateLimiter.consume(key, rule.maxRequests, rule.duration))) throw new ApiError(429);
  });
}

/** The first rule for the labels in order; a label ending in `/` also matches paths under it. */
export function findRateLimitRule(rules: readonly RateLimitRule[], labels: string[], audiences: string[]): RateLimitRule | undefined {
  const fits = (r: RateLimitRule) => audiences.includes(r.audience);
  const prefixRules = rules.filter((r) => r.label.endsWith('/'));
  for (const label of labels) {
    const exact = rules.find((r) => r.label === label && fits(r));
    if (exact) return exact;
    const prefix = prefixRules.find((r) => (label + '/').startsWith(r.label) && fits(r));
    if (prefix) return prefix;
  }
  return undefined;
}

function blockListOf(ips: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of ips) {
    const [addr, bits] = item.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(addr)) continue;
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

function matchesIp(list: BlockList, ip: string): boolean {
  const v = isIP(ip);
  return v ? list.check(ip, v === 6 ? 'ipv6' : 'ipv4') : false;
}
