import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from './harness.js';

/**
 * One row of an API table: what to send and what must come back. `json` compares the whole body,
 * `match` only the keys it names (recursively; arrays element-wise with equal length).
 */
export interface ApiCase {
  name: string;
  method?: string;
  /** A function when the path needs ids known only after `before`. */
  url: string | (() => string);
  /** A key of the tokens map given to `apiTable` (e.g. 'user', 'admin'); absent = guest. */
  auth?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: BodyInit;
  status: number;
  json?: unknown;
  match?: unknown;
  contains?: string[];
  notContains?: string[];
  check?: (body: any, headers: Headers) => void | Promise<void>;
}

/** Registers one node:test test per case, run against the server `server()` returns at run time. */
export function apiTable(server: () => TestServer, tokens: Record<string, string>, cases: ApiCase[]): void {
  for (const c of cases) test(c.name, () => runCase(server(), tokens, c));
}

export async function runCase(s: TestServer, tokens: Record<string, string>, c: ApiCase): Promise<void> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth) {
    assert.ok(tokens[c.auth], `no token named ${c.auth}`);
    headers.authorization = tokens[c.auth];
  }
  const url = typeof c.url === 'function' ? c.url() : c.url;
  const res = await s.fetchJson(url, { method: c.method ?? 'GET', headers, json: c.body, body: c.rawBody });
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  assert.equal(res.status, c.status, `${c.method ?? 'GET'} ${url} → ${res.status} ${text}`);
  if ('json' in c) assert.deepEqual(res.body, c.json);
  if ('match' in c) assertSubset(res.body, c.match);
  for (const t of c.contains ?? []) assert.ok(text.includes(t), `body lacks ${JSON.stringify(t)}: ${text}`);
  for (const t of c.notContains ?? []) assert.ok(!text.includes(t), `body has ${JSON.stringify(t)}: ${text}`);
  await c.check?.(res.body, res.headers);
}

/** Every key of `expected` must be present in `actual` with an equal (sub)value. */
export function assertSubset(actual: unknown, expected: unknown, path = '$'): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(k in (actual as object), `${path}.${k} missing in ${JSON.stringify(actual)}`);
      assertSubset((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length of ${JSON.stringify(actual)}`);
    expected.forEach((v, i) => assertSubset(actual[i], v, `${path}[${i}]`));
    return;
  }
  assert.deepEqual(actual, expected, path);
}

/** PocketBase's canonical datetime: `YYYY-MM-DD HH:MM:SS.sssZ` in UTC. */
export const dateRe = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The standard error bodies. */
export const errors = {
  unauthorized: { status: 401, message: 'The request requires valid record authorization token.', data: {} },
  forbidden: { status: 403, message: 'The authorized record is not allowed to perform this action.', data: {} },
  notFound: { status: 404, message: "The requested resource wasn't found.", data: {} },
  badRequest: { status: 400, message: 'Something went wrong while processing your request.', data: {} },
  superusersOnly: { status: 403, message: 'Only superusers can perform this action.', data: {} },
};

/** Decodes a JWT's payload without checking it. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
