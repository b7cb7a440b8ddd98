import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresDialect as d } from './postgres-dialect.js';

test('placeholders become $n outside literals, identifiers and comments; twice changes nothing', () => {
  const sql = `SELECT '?', "a?", x FROM t -- why?\nWHERE a = ? AND b = ? /* ? */ AND c = $$?$$`;
  const once = d.finalize(sql);
  assert.equal(once, `SELECT '?', "a?", x FROM t -- why?\nWHERE a = $1 AND b = $2 /* ? */ AND c = $$?$$`);
  assert.equal(d.finalize(once), once);
});

test('identifiers are double-quoted; column kinds map to Postgres types', () => {
  assert.equal(d.quote('we"ird'), '"we""ird"');
  assert.equal(d.columnDef('text'), `TEXT COLLATE "C" DEFAULT '' NOT NULL`);
  assert.equal(d.columnDef('jsonArray'), `JSONB DEFAULT '[]' NOT NULL`);
  assert.equal(d.columnDef('number'), 'DOUBLE PRECISION DEFAULT 0 NOT NULL');
  assert.equal(d.bindAs('?', 'bool'), 'CAST(? AS BOOLEAN)');
  assert.equal(d.rowid('"posts"'), '"posts"."_rowid_"');
});

test('JSON access: bound text[] paths, JSON null as SQL NULL, lists as LATERAL element rows', () => {
  assert.equal(d.jsonPath(['a', 0, 'we"ird']), '{"a","0","we\\"ird"}');
  assert.equal(d.jsonExtractAt('t.j', '?'), `NULLIF(to_jsonb(t.j) #> CAST(? AS TEXT[]), 'null'::jsonb)`);
  assert.equal(d.jsonExtract('t.j', ['a', 1]), `NULLIF(to_jsonb(t.j) #> '{"a","1"}', 'null'::jsonb)`);
  assert.equal(
    d.jsonEach('t.tags', '"e"'),
    `jsonb_array_elements_text((CASE WHEN jsonb_typeof(t.tags) = 'array' THEN t.tags ELSE jsonb_build_array(t.tags) END)) AS "e"(value)`,
  );
  assert.equal(d.jsonEach('t.cat', 'e', 'text'), 'jsonb_array_elements_text(jsonb_build_array(t.cat)) AS e(value)');
  assert.equal(d.jsonArrayLength('t.cat', 'text'), `CAST((CASE WHEN t.cat IS NULL OR t.cat = '' THEN 0 ELSE 1 END) AS DOUBLE PRECISION)`);
});

test('LIKE is ILIKE with backslash escapes; NULL-safe equality is IS [NOT] DISTINCT FROM', () => {
  assert.equal(d.like('t.a', '?', false), `t.a ILIKE ? ESCAPE '\\'`);
  assert.equal(d.like('t.a', '?', true), `t.a NOT ILIKE ? ESCAPE '\\'`);
  assert.equal(d.same('a', 'b', false), 'a IS NOT DISTINCT FROM b');
  assert.equal(d.same('a', 'b', true), 'a IS DISTINCT FROM b');
});

test('comparable: unlike types are cast where SQLite affinity would convert them', () => {
  const col = (sql: string, type: 'text' | 'number' | 'bool' | 'json' | 'jsonDoc') => ({ sql, type });
  const param = (value: unknown) => ({ sql: '?', type: typeof value === 'number' ? 'number' as const : 'text' as const, value });
  // same types and bound values that parse as the column's type stay as they are (indexes apply)
  assert.deepEqual(d.comparable(col('a', 'text'), param('x')), { left: 'a', right: '?', type: 'text' });
  assert.deepEqual(d.comparable(col('n', 'number'), param('3')), { left: 'n', right: '?', type: 'number' });
  assert.deepEqual(d.comparable(col('b', 'bool'), param(1)), { left: 'b', right: '?', type: 'bool' });
  // text that is no number meets a number column as text, never as a failing cast
  assert.deepEqual(d.comparable(col('n', 'number'), param('abc')), { left: 'CAST(n AS TEXT)', right: '?', type: 'text' });
  assert.deepEqual(d.comparable(col('b', 'bool'), col('TRUE', 'bool')), { left: 'b', right: 'TRUE', type: 'bool' });
  assert.deepEqual(d.comparable(col('n', 'number'), col('TRUE', 'bool')), {
    left: 'n', right: 'CAST(CAST(TRUE AS INTEGER) AS DOUBLE PRECISION)', type: 'number',
  });
  // a value inside JSON compares as jsonb
  assert.deepEqual(d.comparable(col('j', 'json'), param(5)), { left: 'j', right: 'to_jsonb(CAST(? AS DOUBLE PRECISION))', type: 'json' });
  assert.deepEqual(d.comparable(col('j', 'json'), col('t.name', 'text')), { left: 'j', right: 'to_jsonb(CAST(t.name AS TEXT))', type: 'json' });
  // a stored list compares as a document with JSON text, as text otherwise
  assert.deepEqual(d.comparable(col('tags', 'jsonDoc'), param('["a"]')), { left: 'tags', right: '?', type: 'jsonDoc' });
  assert.deepEqual(d.comparable(col('tags', 'jsonDoc'), col("''", 'text')), { left: 'CAST(tags AS TEXT)', right: "''", type: 'text' });
  assert.equal(d.orBlank({ sql: 'n', type: 'number' }), `COALESCE(CAST(n AS TEXT), '')`);
  assert.equal(d.text({ sql: 'j', type: 'json' }), `(j #>> '{}')`);
});

test('index statements: backticks and mixed-case names quoted as stored, COLLATE NOCASE as LOWER()', () => {
  const names = ['_mfas', 'collectionRef', 'recordRef', 'users', 'email', 'tokenKey', 'user'];
  assert.equal(
    d.indexSql('CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (collectionRef,recordRef)', names),
    'CREATE INDEX "idx_mfas_collectionRef_recordRef" ON "_mfas" ("collectionRef","recordRef")',
  );
  assert.equal(
    d.indexSql("CREATE UNIQUE INDEX `idx_email` ON `users` (`email` COLLATE NOCASE) WHERE `email` != ''", names),
    `CREATE UNIQUE INDEX "idx_email" ON "users" (LOWER("email")) WHERE "email" != ''`,
  );
  // `user` is a Postgres keyword (CURRENT_USER): as a known column it is quoted
  assert.equal(d.indexSql('CREATE UNIQUE INDEX idx_p ON profiles (user)', names), 'CREATE UNIQUE INDEX idx_p ON profiles ("user")');
});

test('view queries: names in their stored case, aliases kept as written, SQLite-only SQL refused by name', () => {
  const names = ['posts', 'authorId', 'title', 'id'];
  assert.equal(
    d.viewSql('SELECT p.id, p.authorId AS writerId, IFNULL(title, "") AS t FROM Posts p WHERE writerid == 1', names),
    'SELECT p."id", p."authorId" AS "writerId", COALESCE("title", \'\') AS "t" FROM "posts" p WHERE "writerId" = 1',
  );
  assert.equal(d.viewSql('SELECT id, CAST(count AS text) AS n FROM posts', names), 'SELECT "id", CAST(count AS text) AS "n" FROM "posts"');
  assert.throws(() => d.viewSql("SELECT id, json_extract(meta, '$.a') AS a FROM posts", names), /"json_extract" is SQLite-only/);
  assert.throws(() => d.viewSql('SELECT id, strftime(\'%Y\', created) AS y FROM posts', names), /"strftime" is SQLite-only/);
  assert.throws(() => d.viewSql('SELECT rowid AS id FROM posts', names), /"rowid" is SQLite-only/);
});
