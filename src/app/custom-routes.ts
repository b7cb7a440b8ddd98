import type { AuthInfo } from '../auth/auth-records.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import { isSuperuser } from '../auth/auth-records.js';

/** What a custom route handler gets: the request, the caller's auth, and ways to answer. */
export interface RouteEvent {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  ip: string;
  auth: AuthInfo | null;
  /** The raw body bytes (for signature checks), then the parsed JSON/form body. */
  rawBody(): Promise<Buffer>;
  body(): Promise<Record<string, unknown>>;
  json(status: number, data: unknown): void;
  text(status: number, text: string): void;
  blob(status: number, contentType: string, data: Buffer): void;
  header(name: string, value: string): void;
  /** Continues to the next middleware, then the handler. */
  next(): Promise<void>;
}

export type RouteHandler = (e: RouteEvent) => unknown | Promise<unknown>;
export type Middleware = (e: RouteEvent) => Promise<void> | void;

interface CustomRoute {
  method: string;
  path: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
  middlewares: Middleware[];
  owner: string;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const body = path.split('/').map((seg) => {
    if (seg.startsWith(':')) {
      keys.push(seg.slice(1));
      return '([^/]+)';
    }
    if (seg === '*') {
      keys.push('*');
      return '(.*)';
    }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return { pattern: new RegExp('^' + body.join('/') + '/?$'), keys };
}

/**
 * Routes added by hook code or an embedding program. The HTTP layer asks `match` for any
 * request no built-in route answered, so routes can be added and removed while serving (dev reload).
 */
export class CustomRoutes {
  private routes: CustomRoute[] = [];

  add(method: string, path: string, handler: RouteHandler, middlewares: Middleware[] = [], owner = 'code'): void {
    if (!path.startsWith('/')) throw new Error(`route path must start with "/": ${path}`);
    const { pattern, keys } = compile(path);
    this.routes.push({ method: method.toUpperCase(), path, pattern, keys, handler, middlewares, owner });
  }

  removeOwnedBy(owner: string): void {
    this.routes = this.routes.filter((r) => r.owner !== owner);
  }

  match(method: string, path: string): { route: CustomRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET') && route.method !== '*') continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      return { route, params };
    }
    return undefined;
  }

  list(): { method: string; path: string }[] {
    return this.routes.map(({ method, path }) => ({ method, path }));
  }
}

/** Runs middlewares in order around the handler, each deciding whether to call `e.next()`. */
export async function runRoute(route: CustomRoute, e: RouteEvent): Promise<void> {
  let i = 0;
  const step = async (): Promise<void> => {
    const mw = route.middlewares[i++];
    if (mw) {
      e.next = step;
      await mw(e);
      return;
    }
    const result = await route.handler(e);
    if (result !== undefined) e.json(200, result);
  };
  await step();
}

/** Middleware: the caller must be signed in (optionally to one of `collections`). */
export function requireAuth(...collections: string[]): Middleware {
  return async (e) => {
    if (!e.auth) throw new UnauthorizedError('The request requires valid record authorization token.');
    if (collections.length && !collections.includes(e.auth.collection.name) && !collections.includes(e.auth.collection.id)) {
      throw new ForbiddenError('The authorized record is not allowed to perform this action.');
    }
    await e.next();
  };
}

/** Middleware: the caller must be a superuser. */
export function requireSuperuser(): Middleware {
  return async (e) => {
    if (!e.auth) throw new UnauthorizedError('The request requires valid record authorization token.');
    if (!isSuperuser(e.auth)) throw new ForbiddenError('The authorized record is not allowed to perform this action.');
    await e.next();
  };
}
