/**
 * Seeds a server through its public API with the official SDK, the same way for every server:
 * a `posts` collection (text, bool, number, relation to `users`), some users, N posts.
 */
import PocketBase from 'pocketbase';
import { superuser, type ServerKind } from './servers.js';

export const postsRule = 'public = true || author = @request.auth.id';
export const postsCreateRule = '@request.auth.id != "" && author = @request.auth.id';
export const userPassword = 'benchpass12345';
/** In-flight creates while seeding: enough to keep a server busy, few enough not to time out. */
const seedConcurrency = 16;
/** get-one cycles through this many public ids, so a single hot row does not flatter a cache. */
const viewIdsMax = 200;
const words = ['alpha', 'banana', 'cedar', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'indigo', 'juniper', 'kernel', 'lantern'];

export interface BenchUser {
  id: string;
  email: string;
  token: string;
}

export interface SeedResult {
  users: BenchUser[];
  /** Ids of public posts, readable by anyone. */
  viewIds: string[];
  posts: number;
  postsSec: number;
  postsPerSec: number;
  usersSec: number;
}

export async function seed(kind: ServerKind, url: string, opts: { posts: number; users: number }): Promise<SeedResult> {
  const admin = client(url);
  await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
  // The ceiling has its schema built in; the others get it through the collections API.
  if (kind !== 'ceiling') await createSchema(admin);

  let t0 = performance.now();
  const users = await pool(opts.users, seedConcurrency, (i) => createUser(admin, url, i));
  const usersSec = (performance.now() - t0) / 1000;

  const rand = mulberry32(42);
  const drafts = Array.from({ length: opts.posts }, (_, i) => postDraft(i, rand, users[i % users.length].id));
  t0 = performance.now();
  const ids = await pool(drafts.length, seedConcurrency, async (i) => (await admin.collection('posts').create(drafts[i])).id as string);
  const postsSec = (performance.now() - t0) / 1000;

  const viewIds = ids.filter((_, i) => drafts[i].public).slice(0, viewIdsMax);
  return { users, viewIds, posts: ids.length, postsSec, postsPerSec: ids.length / postsSec, usersSec };
}

async function createSchema(admin: PocketBase): Promise<void> {
  const users = await admin.collections.getOne('users');
  await admin.collections.create({
    name: 'posts',
    type: 'base',
    listRule: postsRule,
    viewRule: postsRule,
    createRule: postsCreateRule,
    fields: [
      { name: 'title', type: 'text', max: 200 },
      { name: 'public', type: 'bool' },
      { name: 'score', type: 'number' },
      { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
      { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
      { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
    ],
  });
}

async function createUser(admin: PocketBase, url: string, i: number): Promise<BenchUser> {
  const email = `user${i}@bench.test`;
  const rec = await admin.collection('users').create({ email, password: userPassword, passwordConfirm: userPassword, name: `User ${i}` });
  const auth = await client(url).collection('users').authWithPassword(email, userPassword);
  return { id: rec.id, email, token: auth.token };
}

export interface PostDraft {
  title: string;
  public: boolean;
  score: number;
  author: string;
}

export function postDraft(i: number, rand: () => number, author: string): PostDraft {
  const pick = () => words[Math.floor(rand() * words.length)];
  return { title: `${pick()} ${pick()} ${pick()} #${i}`, public: rand() < 0.5, score: Math.floor(rand() * 1000), author };
}

function client(url: string): PocketBase {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

/** Runs fn(0..n-1) with at most `limit` in flight; results keep their index. */
async function pool<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}

/** Small seeded PRNG: every server gets exactly the same rows. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
