import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './harness.js';

let s: TestServer;
let token: string;
before(async () => {
  s = await startServer();
  token = (await s.admin()).authStore.token;
});
after(() => s.stop());

const sql = (query: unknown, tok: string | undefined = token) => s.fetchJson('/api/sql', { method: 'POST', json: { query }, token: tok });

test('POST /api/sql needs a superuser', async () => {
  assert.equal((await sql('select 1', '')).status, 401);
  const users = s.client();
  await users.collection('users').create({ email: 'u@example.com', password: 'password-123', passwordConfirm: 'password-123' });
  await users.collection('users').authWithPassword('u@example.com', 'password-123');
  const r = await sql('select 1', users.authStore.token);
  assert.equal(r.status, 403);
  assert.deepEqual(r.body.data, {});
});

test('a read answers columns and rows as text, only the last statement', async () => {
  const r = await sql("select 1 as n, 'a;b' as s, null as z; select 2 as two");
  assert.equal(r.status, 200);
  assert.equal(typeof r.body.execTime, 'number');
  assert.equal(r.body.affectedRows, 0);
  assert.deepEqual(r.body.columns, [{ name: 'two', type: '', nullable: true }]);
  assert.deepEqual(r.body.rows, [['2']]);
  const one = await sql("select 1 as n, 'a;b' as s, null as z");
  assert.deepEqual(one.body.rows, [['1', 'a;b', null]]);
  assert.deepEqual(one.body.columns.map((c: { name: string }) => c.name), ['n', 's', 'z']);
});

test('writes run in one transaction and report the last affected rows', async () => {
  const ok = await sql('create table sql_t(id int primary key, name text not null); insert into sql_t(id, name) values (1, \'x\'), (2, \'y\')');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual({ ...ok.body, execTime: 0 }, { execTime: 0, affectedRows: 2, columns: [], rows: [] });
  const read = await sql('select id, name from sql_t order by id');
  assert.deepEqual(read.body.rows, [['1', 'x'], ['2', 'y']]);
  assert.equal(read.body.columns[0].name, 'id');
  if (s.app.store.dialect.name === 'sqlite') assert.equal(read.body.columns[1].type, 'TEXT', 'a table column has its declared type');
  const bad = await sql('insert into sql_t(id, name) values (3, \'z\'); invalid');
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /^Failed to execute query\. Raw error:\n/);
  assert.deepEqual(bad.body.data, {});
  assert.deepEqual((await sql('select count(*) as n from sql_t')).body.rows, [['2']], 'the failed batch was rolled back');
});

test('at most 1000 rows come back', async () => {
  const r = await sql('with recursive c(x) as (select 1 union all select x + 1 from c where x < 1500) select x from c');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.rows.length, 1000);
});

test('bad input is a 400 in PocketBase shape', async () => {
  const empty = await sql('');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.data.query.code, 'validation_required');
  const long = await sql(`select '${'a'.repeat(5000)}'`);
  assert.equal(long.status, 400);
  assert.equal(long.body.data.query.code, 'validation_length_too_long');
  const limit = await sql(`select '${'a'.repeat(4985)}' as id`);
  assert.equal(limit.status, 200);
  const invalid = await sql('invalid');
  assert.equal(invalid.status, 400);
  assert.match(invalid.body.message, /Raw error/);
  const notJson = await s.fetchJson('/api/sql', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' }, token });
  assert.equal(notJson.status, 400);
});
