/**
 * The ceiling: the bench's reads and writes on bare node:http + better-sqlite3, with the same
 * JSON shapes, rules and token checks as PocketBase but nothing general (no filter parser, no
 * hooks, no logging). What Node can do on this machine; no real server should beat it.
 *   node --import tsx bench/ceiling-server.ts --http=127.0.0.1:PORT --dir=DIR
 */
import Database from 'better-sqlite3';
import { createHmac, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { superuser } from './servers.js';
import { ceilingFilters } from './workloads.js';

const bodyBytesMax = 1 << 20;
const tokenTtlSec = 7 * 24 * 3600;
const secret = randomBytes(32);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
const [host, port] = arg('http').split(':');
mkdirSync(arg('dir'), { recursive: true });
const db = new Database(join(arg('dir'), 'data.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL, password TEXT NOT NULL, name TEXT, created TEXT, updated TEXT);
CREATE TABLE IF NOT EXISTS posts (id TEXT PRIMARY KEY, title TEXT, public INTEGER, score REAL, author TEXT, created TEXT, updated TEXT);`);

const q = {
  userById: db.prepare('SELECT * FROM users WHERE id = ?'),
  userByEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
  insertUser: db.prepare('INSERT INTO users VALUES (@id, @email, @password, @name, @created, @updated)'),
  insertPost: db.prepare('INSERT INTO posts VALUES (@id, @title, @public, @score, @author, @created, @updated)'),
  viewPost: db.prepare('SELECT * FROM posts WHERE id = ? AND (public = 1 OR author = ?)'),
};
const listStatements = new Map(
  Object.entries(ceilingFilters).map(([filter, where]) => {
    const cond = `(public = 1 OR author = @auth) AND (${where})`;
    return [filter, { page: db.prepare(`SELECT * FROM posts WHERE ${cond} ORDER BY created DESC LIMIT @limit OFFSET @offset`), count: db.prepare(`SELECT COUNT(*) AS n FROM posts WHERE ${cond}`) }];
  }),
);

interface Auth { id: string; superuser: boolean }
interface Sub { res: ServerResponse; authId: string; topics: Set<string> }
const subscribers = new Map<string, Sub>();

createServer(async (req, res) => {
  try {
    await route(req, res, new URL(req.url ?? '/', 'http://x'));
  } catch (err) {
    send(res, 400, { message: String((err as Error).message), code: 400, data: {} });
  }
}).listen(Number(port), host, () => process.stdout.write(`ceiling listening on ${host}:${port}\n`));

async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  const auth = authOf(req);
  if (path === '/api/health') return send(res, 200, { message: 'API is healthy.', code: 200, data: {} });
  if (path === '/api/realtime') return req.method === 'GET' ? connect(res) : subscribe(res, auth, await body(req));
  if (path === '/api/collections/_superusers/auth-with-password') {
    const b = await body(req);
    if (b.identity !== superuser.email || b.password !== superuser.password) return send(res, 400, error(400));
    return send(res, 200, { token: sign('_superuser'), record: { id: '_superuser', email: superuser.email } });
  }
  if (path === '/api/collections/users/auth-with-password') {
    const b = await body(req);
    const u = q.userByEmail.get(b.identity) as Record<string, string> | undefined;
    if (!u || u.password !== hash(String(b.password))) return send(res, 400, error(400));
    return send(res, 200, { token: sign(u.id), record: userJson(u) });
  }
  if (path === '/api/collections/users/records' && req.method === 'POST') {
    if (!auth?.superuser) return send(res, 403, error(403));
    const b = await body(req);
    const now = stamp();
    const u = { id: newId(), email: b.email, password: hash(String(b.password)), name: b.name ?? '', created: now, updated: now };
    q.insertUser.run(u);
    return send(res, 200, userJson(u));
  }
  if (path === '/api/collections/posts/records') return req.method === 'POST' ? createPost(res, auth, await body(req)) : listPosts(res, auth, url.searchParams);
  if (path.startsWith('/api/collections/posts/records/')) {
    const row = q.viewPost.get(path.slice('/api/collections/posts/records/'.length), auth?.id ?? '') as Record<string, unknown> | undefined;
    return row ? send(res, 200, postJson(row)) : send(res, 404, error(404));
  }
  send(res, 404, error(404));
}

function listPosts(res: ServerResponse, auth: Auth | null, p: URLSearchParams): void {
  const stmt = listStatements.get(p.get('filter') ?? '');
  if (!stmt) return send(res, 400, error(400));
  const page = Math.max(1, Number(p.get('page') ?? 1));
  const perPage = Math.min(1000, Math.max(1, Number(p.get('perPage') ?? 30)));
  const args = { auth: auth?.id ?? '', limit: perPage, offset: (page - 1) * perPage };
  const items = (stmt.page.all(args) as Record<string, unknown>[]).map(postJson);
  const skipTotal = p.get('skipTotal') === '1' || p.get('skipTotal') === 'true';
  const total = skipTotal ? -1 : (stmt.count.get(args) as { n: number }).n;
  send(res, 200, { items, page, perPage, totalItems: total, totalPages: skipTotal ? -1 : Math.ceil(total / perPage) });
}

function createPost(res: ServerResponse, auth: Auth | null, b: Record<string, unknown>): void {
  if (!auth || (!auth.superuser && b.author !== auth.id)) return send(res, 400, error(400));
  const now = stamp();
  const row = { id: newId(), title: String(b.title ?? ''), public: b.public ? 1 : 0, score: Number(b.score ?? 0), author: String(b.author ?? ''), created: now, updated: now };
  q.insertPost.run(row);
  const record = postJson(row);
  send(res, 200, record);
  broadcast(record);
}

function connect(res: ServerResponse): void {
  const clientId = newId() + newId();
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(`id:${clientId}\nevent:PB_CONNECT\ndata:${JSON.stringify({ clientId })}\n\n`);
  subscribers.set(clientId, { res, authId: '', topics: new Set() });
  res.on('close', () => subscribers.delete(clientId));
}

function subscribe(res: ServerResponse, auth: Auth | null, b: Record<string, unknown>): void {
  const sub = subscribers.get(String(b.clientId));
  if (!sub) return send(res, 404, error(404));
  sub.authId = auth?.id ?? '';
  sub.topics = new Set((b.subscriptions as string[]) ?? []);
  res.writeHead(204).end();
}

/** The view rule decides, per subscriber, whether the record may be delivered. */
function broadcast(record: ReturnType<typeof postJson>): void {
  let frame: string | undefined;
  for (const [clientId, sub] of subscribers) {
    if (!sub.topics.has('posts/*') || !(record.public || record.author === sub.authId)) continue;
    frame ??= `event:posts/*\ndata:${JSON.stringify({ action: 'create', record })}\n\n`;
    sub.res.write(`id:${clientId}\n${frame}`);
  }
}

function authOf(req: IncomingMessage): Auth | null {
  const raw = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  const [h, p, s] = raw.split('.');
  const want = Buffer.from(mac(`${h}.${p}`));
  if (!s || s.length !== want.length || !timingSafeEqual(Buffer.from(s), want)) return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (claims.exp < Date.now() / 1000) return null;
  if (claims.id === '_superuser') return { id: claims.id, superuser: true };
  // Like a real server, the token's owner is loaded: it may have been deleted since.
  return q.userById.get(claims.id) ? { id: claims.id, superuser: false } : null;
}

function sign(id: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ id, exp: Math.floor(Date.now() / 1000) + tokenTtlSec })}`;
  return `${unsigned}.${mac(unsigned)}`;
}

const mac = (s: string) => createHmac('sha256', secret).update(s).digest('base64url');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const stamp = () => new Date().toISOString().replace('T', ' ');
const newId = () => Array.from(randomBytes(15), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
const error = (status: number) => ({ status, message: 'Request failed.', data: {} });

function postJson(r: Record<string, unknown>) {
  return { collectionId: 'pbc_posts', collectionName: 'posts', id: r.id as string, title: r.title, public: r.public === 1, score: r.score, author: r.author as string, created: r.created, updated: r.updated };
}

function userJson(u: Record<string, unknown>) {
  return { collectionId: '_pb_users_auth_', collectionName: 'users', id: u.id, email: u.email, emailVisibility: false, verified: false, name: u.name, created: u.created, updated: u.updated };
}

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > bodyBytesMax) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return size ? JSON.parse(Buffer.concat(chunks).toString()) : {};
}
