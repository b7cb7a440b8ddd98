import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hashSync } from '@node-rs/bcrypt';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
before(async () => (s = await startServer()));
after(async () => s.stop());

test('new passwords are stored as argon2id; bcrypt hashes from a PocketBase database still sign in', async () => {
  const admin = await s.admin();
  const u = await admin.collection('users').create({ email: 'hash@example.com', password: 'password123', passwordConfirm: 'password123' });
  const row = await s.app.store.get<{ password: string }>('SELECT password FROM users WHERE id = ?', [u.id]);
  assert.match(row!.password, /^\$argon2id\$/);

  // what PocketBase stores: Go's bcrypt ($2a$, cost 10)
  const pbHash = hashSync('from-pocketbase', 10).replace(/^\$2b\$/, '$2a$');
  await s.app.store.run('UPDATE users SET password = ? WHERE id = ?', [pbHash, u.id]);
  const pb = s.client();
  const auth = await pb.collection('users').authWithPassword('hash@example.com', 'from-pocketbase');
  assert.equal(auth.record.id, u.id);
  await assert.rejects(s.client().collection('users').authWithPassword('hash@example.com', 'password123'), (e: any) => e.status === 400);
});
