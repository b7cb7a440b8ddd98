import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { createApp, type App } from '../src/app/app.js';
import { buildServer } from '../src/http/server.js';
import { createTestSchema } from '../src/store/postgres/test-schema.js';

export const superuserEmail = 'root@example.com';
export const superuserPassword = 'root-password-123';

export interface TestServer {
  url: string;
  app: App;
  dir: string;
  /** A fresh SDK client (no auth). */
  client(): PocketBase;
  /** An SDK client signed in as the superuser. */
  admin(): Promise<PocketBase>;
  /** Raw fetch against the server, JSON in and out. */
  fetchJson(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** The store the suite runs on: `PLINTH_TEST_STORE=postgres` puts every test server on Postgres. */
export const testStore: 'sqlite' | 'postgres' = process.env.PLINTH_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The database of one test server: nothing extra for SQLite (it lives in the data dir), a fresh
 * schema on the machine's Postgres otherwise. `env` passes it to a `plinth` child process.
 */
export async function testDatabase(): Promise<{ db?: string; env: Record<string, string>; drop(): Promise<void> }> {
  if (testStore === 'sqlite') return { env: {}, drop: async () => undefined };
  const schema = await createTestSchema();
  return { db: schema.url, env: { PLINTH_DB: schema.url }, drop: schema.drop };
}

/** A real server on a random loopback port over a fresh data dir; everything removed on stop. */
export async function startServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-test-'));
  const database = await testDatabase();
  const app = await createApp({ dataDir: dir, db: database.db });
  await app.records.create(app.collections.get('_superusers'), { email: superuserEmail, password: superuserPassword, passwordConfirm: superuserPassword }, { superuser: true });
  const server = await buildServer(app, { logLevel: 'silent' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const client = () => {
    const pb = new PocketBase(url);
    pb.autoCancellation(false);
    return pb;
  };
  return {
    url,
    app,
    dir,
    client,
    async admin() {
      const pb = client();
      await pb.collection('_superusers').authWithPassword(superuserEmail, superuserPassword);
      return pb;
    },
    async fetchJson(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      if (init.token) headers.set('authorization', init.token);
      const res = await fetch(url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // non-JSON bodies are returned as text
      }
      return { status: res.status, body, headers: res.headers };
    },
    async stop() {
      app.realtime.close();
      await server.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
