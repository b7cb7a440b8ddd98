import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { apiTable, errors, type ApiCase } from './api-table.js';

// Exact wire bodies, checked with raw fetch. Expectations were taken from PocketBase 0.40.4.

let s: TestServer;
let admin: PocketBase;
const tokens: Record<string, string> = {};
const server = () => s;

/** Internals that must never reach a client: stack frames, source paths, driver errors. */
const leaks = ['node_modules', '.ts:', '    at ', 'Error:', 'SQLITE', 'sqlite'];

before(async () => {
  s = await startServer();
  admin = await s.admin();
  tokens.admin = admin.authStore.token;
  await admin.collections.create({ name: 'err_items', listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '', fields: [{ name: 'title', type: 'text' }, { name: 'n', type: 'number' }] });
  await admin.collections.create({ name: 'err_users', type: 'auth', createRule: '' });
  await admin.collection('err_items').create({ id: 'item00000000001', title: 'one' });
});

after(async () => s?.stop());

const withoutLeaks = (cases: ApiCase[]): ApiCase[] => cases.map((c) => ({ ...c, notContains: [...(c.notContains ?? []), ...leaks] }));
const json = { 'content-type': 'application/json' };

describe('unknown routes and resources', () => {
  apiTable(server, tokens, withoutLeaks([
    // GET falls through to the static pb_public handler of the stock binary, hence "File not found."
    { name: 'GET an unknown /api route → 404', url: '/api/does-not-exist', status: 404, json: { status: 404, message: 'File not found.', data: {} } },
    { name: 'GET an unknown non-api path → 404', url: '/nope/path', status: 404, json: { status: 404, message: 'File not found.', data: {} } },
    { name: 'POST an unknown /api route → 404', method: 'POST', url: '/api/does-not-exist', status: 404, json: errors.notFound },
    { name: 'DELETE an unknown path → 404', method: 'DELETE', url: '/nope', status: 404, json: errors.notFound },
    { name: 'POST /api/health (wrong method) → 404', method: 'POST', url: '/api/health', status: 404, json: errors.notFound },
    { name: 'records of an unknown collection → 404 Missing collection context.', url: '/api/collections/err_nope/records', status: 404, json: { status: 404, message: 'Missing collection context.', data: {} } },
    { name: 'record of an unknown collection → 404 Missing collection context.', url: '/api/collections/err_nope/records/item00000000001', status: 404, json: { status: 404, message: 'Missing collection context.', data: {} } },
    { name: 'create in an unknown collection → 404 Missing or invalid collection context.', method: 'POST', url: '/api/collections/err_nope/records', body: {}, status: 404, json: { status: 404, message: 'Missing or invalid collection context.', data: {} } },
    { name: 'a malformed record id → 404', url: '/api/collections/err_items/records/abc', status: 404, json: errors.notFound },
    { name: 'a missing record id → 404', url: '/api/collections/err_items/records/missing00000000', status: 404, json: errors.notFound },
    { name: 'a record id with odd characters → 404', url: '/api/collections/err_items/records/' + encodeURIComponent('../../etc'), status: 404, json: errors.notFound },
  ]));
});

describe('request bodies', () => {
  const items = '/api/collections/err_items/records';
  apiTable(server, tokens, withoutLeaks([
    { name: 'malformed JSON on a record create → 400 generic', method: 'POST', url: items, headers: json, rawBody: '{"title":', status: 400, json: errors.badRequest },
    { name: 'malformed JSON on a record update → 400 generic', method: 'PATCH', url: `${items}/item00000000001`, headers: json, rawBody: '{"title" "x"}', status: 400, json: errors.badRequest },
    { name: 'a JSON array body → 400 generic', method: 'POST', url: items, headers: json, rawBody: '[1,2]', status: 400, json: errors.badRequest },
    { name: 'a JSON string body → 400 generic', method: 'POST', url: items, headers: json, rawBody: '"str"', status: 400, json: errors.badRequest },
    { name: 'a JSON number body → 400 generic', method: 'POST', url: items, headers: json, rawBody: '5', status: 400, json: errors.badRequest },
    { name: 'a JSON null body is an empty object', method: 'POST', url: items + '?fields=title,n', headers: json, rawBody: 'null', status: 200, json: { title: '', n: 0 } },
    { name: 'Content-Length 0 with a JSON content type is an empty body', method: 'POST', url: items + '?fields=title', headers: json, rawBody: '', status: 200, json: { title: '' } },
    { name: 'text/plain body on a record create → 400 Unsupported Content-Type.', method: 'POST', url: items, headers: { 'content-type': 'text/plain' }, rawBody: 'title=x', status: 400, json: { status: 400, message: 'Unsupported Content-Type.', data: {} } },
    { name: 'a body without a content type → 400 Unsupported Content-Type.', method: 'POST', url: items, rawBody: new Blob(['title=x']), status: 400, json: { status: 400, message: 'Unsupported Content-Type.', data: {} } },
    { name: 'urlencoded body on a record create is accepted with type inference', method: 'POST', url: items + '?fields=title,n', headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: 'title=007&n=12', status: 200, json: { title: '007', n: 12 } },
    { name: 'text/plain body on a form endpoint → 400 Unsupported Content-Type.', method: 'POST', url: '/api/collections/err_users/request-password-reset', headers: { 'content-type': 'text/plain' }, rawBody: 'email=x', status: 400, json: { status: 400, message: 'Unsupported Content-Type.', data: {} } },
    { name: 'text/plain on /api/sql → 400 Unsupported Content-Type.', method: 'POST', url: '/api/sql', auth: 'admin', headers: { 'content-type': 'text/plain' }, rawBody: 'SELECT 1', status: 400, json: { status: 400, message: 'Unsupported Content-Type.', data: {} } },
    { name: 'malformed JSON on auth-with-password → 400 loading error', method: 'POST', url: '/api/collections/err_users/auth-with-password', headers: json, rawBody: '{"identity":', status: 400, json: { status: 400, message: 'An error occurred while loading the submitted data.', data: {} } },
    { name: 'malformed JSON on a collection create → 400 invalid formatting', method: 'POST', url: '/api/collections', auth: 'admin', headers: json, rawBody: '{"name":', status: 400, json: { status: 400, message: 'Failed to load the collection type data due to invalid formatting.', data: {} } },
    { name: 'malformed JSON on settings → 400 loading error', method: 'PATCH', url: '/api/settings', auth: 'admin', headers: json, rawBody: '{"meta":', status: 400, json: { status: 400, message: 'An error occurred while loading the submitted data.', data: {} } },
    { name: 'GET with a JSON content type and no body works (the SDK sends it)', url: items + '?fields=id&perPage=1', headers: json, status: 200, match: { perPage: 1 } },
  ]));

  test('DELETE with a JSON content type and no body works (the SDK sends it)', async () => {
    const rec = await admin.collection('err_items').create({ title: 'bye' });
    const res = await s.fetchJson(`${items}/${rec.id}`, { method: 'DELETE', headers: json });
    assert.deepEqual([res.status, res.body], [204, null]);
  });
});

/** Streams `total` bytes of a JSON body without holding it in memory; resolves with the answer. */
function streamBody(path: string, total: number, declareLength: boolean): Promise<{ status: number; body: any }> {
  const chunk = Buffer.alloc(1 << 20, 'a');
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = String(total);
    const req = request(s.url + path, { method: 'POST', headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const head = Buffer.from('{"title":"');
    const tail = Buffer.from('"}');
    let sent = 0;
    const pump = () => {
      if (sent === 0) {
        req.write(head);
        sent += head.length;
      }
      while (!answered && !req.destroyed && sent < total - tail.length) {
        const n = Math.min(chunk.length, total - tail.length - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end(tail);
    };
    pump();
  });
}

describe('body size limit', () => {
  const tooLarge = { status: 413, message: 'Request entity too large.', data: {} };
  const size = (32 << 20) + (1 << 20);

  test('a body over 32 MiB with Content-Length → 413', async () => {
    const res = await streamBody('/api/collections/err_items/records', size, true);
    assert.deepEqual([res.status, res.body], [413, tooLarge]);
  });

  test('a chunked body over 32 MiB → 413', async () => {
    const res = await streamBody('/api/collections/err_items/records', size, false);
    assert.deepEqual([res.status, res.body], [413, tooLarge]);
  });

  test('a body over 32 MiB on a form endpoint → 413', async () => {
    const res = await streamBody('/api/collections/err_users/request-password-reset', size, true);
    assert.deepEqual([res.status, res.body], [413, tooLarge]);
  });

  test('the server still answers afterwards', async () => {
    const res = await s.fetchJson('/api/health');
    assert.equal(res.status, 200);
  });
});

describe('HEAD, headers, CORS, fields', () => {
  test('HEAD is accepted wherever GET is; errors have no body', async () => {
    const ok = await fetch(s.url + '/api/health', { method: 'HEAD' });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '');
    const list = await fetch(s.url + '/api/collections/err_items/records?perPage=1', { method: 'HEAD' });
    assert.equal(list.status, 200);
    assert.equal(await list.text(), '');
    const missing = await fetch(s.url + '/api/collections/err_items/records/missing00000000', { method: 'HEAD' });
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '');
    const locked = await fetch(s.url + '/api/collections', { method: 'HEAD' });
    assert.equal(locked.status, 401);
    assert.equal(await locked.text(), '');
  });

  test('security headers on successes and errors', async () => {
    for (const [path, status] of [['/api/health', 200], ['/api/collections/err_items/records', 200], ['/api/collections', 401], ['/api/nope', 404]] as const) {
      const res = await fetch(s.url + path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get('x-xss-protection'), '1; mode=block', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, path);
    }
  });

  test('CORS: simple requests get Access-Control-Allow-Origin * and Vary: Origin', async () => {
    const res = await fetch(s.url + '/api/health', { headers: { origin: 'http://example.com' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/i);
  });

  test('CORS preflight: OPTIONS → 204 echoing the requested headers', async () => {
    const res = await fetch(s.url + '/api/collections/err_items/records', {
      method: 'OPTIONS',
      headers: { origin: 'http://example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type,authorization');
    assert.deepEqual((res.headers.get('access-control-allow-methods') ?? '').split(/,\s*/), ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']);
    assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/i);
  });

  apiTable(server, tokens, withoutLeaks([
    { name: 'health', url: '/api/health', status: 200, json: { message: 'API is healthy.', code: 200, data: {} } },
    { name: 'fields= on health keeps one key', url: '/api/health?fields=message', status: 200, json: { message: 'API is healthy.' } },
    { name: 'fields= on health keeps several keys', url: '/api/health?fields=code,data', status: 200, json: { code: 200, data: {} } },
    { name: 'fields= with an excerpt on health', url: '/api/health?fields=' + encodeURIComponent('message:excerpt(3,true)'), status: 200, json: { message: 'API...' } },
    { name: 'fields= is ignored on error responses', url: '/api/collections/err_nope/records?fields=status', status: 404, json: { status: 404, message: 'Missing collection context.', data: {} } },
    { name: 'empty fields= keeps everything', url: '/api/collections/err_items/records/item00000000001?fields=', status: 200, match: { id: 'item00000000001', title: 'one', n: 0 } },
  ]));
});

describe('no internals in error bodies', () => {
  apiTable(server, tokens, withoutLeaks([
    { name: 'a filter that fails to compile', url: '/api/collections/err_items/records?filter=' + encodeURIComponent('title ~~ "x"'), status: 400, json: errors.badRequest },
    { name: 'a filter on a missing field', url: '/api/collections/err_items/records?filter=' + encodeURIComponent('nope.deep.path = 1'), status: 400, json: errors.badRequest },
    { name: 'a sort with SQL in it', url: '/api/collections/err_items/records?sort=' + encodeURIComponent('title;DROP TABLE err_items'), status: 400, json: errors.badRequest },
    { name: 'an expand of garbage is ignored', url: '/api/collections/err_items/records?expand=' + encodeURIComponent('((('), status: 200, match: { page: 1 } },
    { name: 'a huge page number', url: '/api/collections/err_items/records?page=99999999999999999999', status: 400, json: errors.badRequest },
    { name: 'a collection name with SQL', url: '/api/collections/' + encodeURIComponent("x'; DROP TABLE x;--") + '/records', status: 404, json: { status: 404, message: 'Missing collection context.', data: {} } },
  ]));

  test('the data survived', async () => {
    assert.equal((await admin.collection('err_items').getOne('item00000000001')).title, 'one');
  });
});
