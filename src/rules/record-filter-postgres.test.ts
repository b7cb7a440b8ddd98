import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresDialect as d } from '../store/postgres/postgres-dialect.js';
import { compileFilter, compileSort, type RequestInfo } from './record-filter.js';
import { options, posts, rows, users } from './test-fixtures.js';

/** Pins the exact SQL and parameters for representative filters (Postgres dialect; `?` become $n in the driver). */
const pg = (req: Partial<RequestInfo> = {}) => ({ ...options(posts, req, 'rule'), dialect: d, alias: d.quote('posts') });
function pins(filter: string, sql: string, params: unknown[], req: Partial<RequestInfo> = {}) {
  assert.deepEqual(compileFilter(filter, pg(req)), { sql, params }, filter);
}
const arrayOf = (col: string) => `(CASE WHEN jsonb_typeof(${col}) = 'array' THEN ${col} ELSE jsonb_build_array(${col}) END)`;

test('like types compare as they are; NULL-safe inequality is IS DISTINCT FROM; booleans are TRUE/FALSE', () => {
  pins('title = "x"', '"posts"."title" = ?', ['x']);
  pins('title != ""', `("posts"."title" IS DISTINCT FROM '' AND "posts"."title" IS NOT NULL)`, []);
  pins('draft = true', '"posts"."draft" = TRUE', []);
  pins('title = author', `COALESCE("posts"."title", '') = COALESCE("posts"."author", '')`, []);
});

test('unlike types are cast the way SQLite affinity converts them, never into a failing cast', () => {
  pins('views > "3"', '"posts"."views" > ?', ['3']);
  pins('views = "abc"', 'CAST("posts"."views" AS TEXT) = ?', ['abc']);
  pins('views ~ 5', `CAST("posts"."views" AS TEXT) ILIKE ? ESCAPE '\\'`, ['%5%']);
  pins(
    'views != draft',
    `COALESCE(CAST("posts"."views" AS TEXT), '') IS DISTINCT FROM COALESCE(CAST(CAST(CAST("posts"."draft" AS INTEGER) AS DOUBLE PRECISION) AS TEXT), '')`,
    [],
  );
});

test('LIKE is ILIKE with the pattern escaped', () => {
  pins('title ~ "a_b"', `"posts"."title" ILIKE ? ESCAPE '\\'`, ['%a\\_b%']);
});

test('JSON: paths as bound text[], values compared as jsonb; lists through jsonb_array_elements_text', () => {
  pins('meta.k = 5', `NULLIF(to_jsonb("posts"."meta") #> CAST(? AS TEXT[]), 'null'::jsonb) IS NOT DISTINCT FROM to_jsonb(CAST(? AS DOUBLE PRECISION))`, ['{"k"}', 5]);
  pins(
    'tags:length > 1',
    `CAST((CASE WHEN "posts"."tags" IS NULL THEN 0 WHEN jsonb_typeof("posts"."tags") = 'array' THEN jsonb_array_length("posts"."tags") ELSE 1 END) AS DOUBLE PRECISION) > ?`,
    [1],
  );
  pins(
    'tags:each ?= "b"',
    `EXISTS (SELECT 1 FROM (SELECT 1) "__pb_r3" LEFT JOIN jsonb_array_elements_text(${arrayOf('"posts"."tags"')}) AS "__pb_j1"(value) ON 1=1 WHERE "__pb_j1".value = ?)`,
    ['b'],
  );
  pins(
    'authors.name ?= "ann"',
    `EXISTS (SELECT 1 FROM (SELECT 1) "__pb_r5" LEFT JOIN jsonb_array_elements_text(${arrayOf('"posts"."authors"')}) AS "__pb_j2"(value) ON 1=1 ` +
      `LEFT JOIN "authors" "__pb_j3" ON "__pb_j3"."id" = "__pb_j2".value WHERE "__pb_j3"."name" = ?)`,
    ['ann'],
  );
  pins(
    '@request.auth.id = author.owner',
    `EXISTS (SELECT 1 FROM (SELECT 1) "__pb_r3" LEFT JOIN "authors" "__pb_j2" ON "__pb_j2"."id" = "posts"."author" WHERE ? = "__pb_j2"."owner")`,
    ['u1'],
    { auth: { collection: users, record: rows.users[0] } },
  );
});

test('@rowid sorts by the insertion-order column, @random by RANDOM()', () => {
  assert.deepEqual(compileSort('-@rowid,@random,title', pg()), { sql: '"posts"."_rowid_" DESC, RANDOM(), "posts"."title" ASC', params: [] });
});
