import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FilterError } from '../filter/filter-error.js';
import { filterLengthMax } from '../filter/limits.js';
import { compileFilter, compileSort, type CompiledSql, type FilterOptions } from './record-filter.js';
import { all, openDb, openPostgres, options, posts, rows, users } from './test-fixtures.js';
import { postgresDialect } from '../store/postgres/postgres-dialect.js';

/**
 * Random and hostile input: the compiler either answers SQL that SQLite runs, built only from
 * schema names, generated aliases and fixed keywords (user text travels in params), or throws
 * FilterError; and it does so quickly.
 */
const db = openDb();
const compileMs = 250;
/** `FILTER_FUZZ_SCALE=20` multiplies the runs for a longer local hunt. */
const runs = (n: number) => n * Number(process.env.FILTER_FUZZ_SCALE ?? 1);
const auth = { collection: users, record: { ...rows.users[0] } };
const request = { auth, body: { title: 'x', tags: ['a'], author: 'a1' }, query: { q: '1' }, headers: { x_token: 't' }, method: 'GET' };
const modes: FilterOptions[] = [options(posts, request, 'rule'), options(posts, request, 'client'), options(posts, {}, 'rule')];

const schemaNames = new Set(all.flatMap((c) => [c.name, ...c.fields.map((f) => f.name)]));
const keywords = new Set(
  ('SELECT FROM WHERE AND OR NOT EXISTS LEFT JOIN ON IS NULL TRUE LIKE ESCAPE CASE WHEN THEN ELSE END IN AS LIMIT ASC DESC ' +
    'json_valid json_type json_extract json_array json_each json_array_length COALESCE LOWER MIN MAX RANDOM strftime ' +
    'acos cos sin radians value _rowid_').split(' '),
);
const stringLiterals = new Set(["''", "'%'", "'\\'", "'array'"]);

/** Fails unless every piece of the SQL text is schema-, alias- or keyword-made. */
function assertStructural(sql: string) {
  const rest = sql
    .replace(/`((?:[^`]|``)*)`/g, (_, name: string) => {
      assert.ok(schemaNames.has(name) || /^__pb_[a-z]\d+$/.test(name) || name === 'v', `unexpected identifier ${name} in ${sql}`);
      return ' ';
    })
    .replace(/'(?:[^']|'')*'/g, (lit) => {
      assert.ok(stringLiterals.has(lit), `unexpected literal ${lit} in ${sql}`);
      return ' ';
    })
    .replace(/[A-Za-z_][A-Za-z_0-9]*/g, (word) => {
      assert.ok(keywords.has(word), `unexpected word ${word} in ${sql}`);
      return ' ';
    })
    .replace(/\d+/g, (n) => {
      assert.ok(['0', '1', '6371'].includes(n), `unexpected number ${n} in ${sql}`);
      return ' ';
    });
  assert.match(rest, /^[\s()=<>!,.?*|+-]*$/, `unexpected characters in ${sql}`);
}

function assertBindable(out: CompiledSql) {
  assert.equal(out.sql.split('?').length - 1, out.params.length, 'one param per placeholder');
  for (const p of out.params) assert.ok(p === null || typeof p === 'string' || typeof p === 'number', `unbindable ${String(p)}`);
}

/** Compiles with every option set; checks the outcome and runs the SQL. */
function check(input: string, kind: 'filter' | 'sort' = 'filter') {
  try {
    checkAll(input, kind);
  } catch (err) {
    // fast-check reports the input; keep the reason in the message the runner prints.
    throw new Error(`${(err as Error).message}\n  input: ${JSON.stringify(input).slice(0, 300)}`);
  }
}

function checkAll(input: string, kind: 'filter' | 'sort') {
  for (const opts of modes) {
    const started = performance.now();
    let out: CompiledSql;
    try {
      out = kind === 'filter' ? compileFilter(input, opts) : compileSort(input, opts);
    } catch (err) {
      if (!(err instanceof FilterError)) throw new Error(`non-FilterError for ${JSON.stringify(input)}: ${String(err)}`);
      continue;
    } finally {
      assert.ok(performance.now() - started < compileMs, `slow compile for ${JSON.stringify(input).slice(0, 200)}`);
    }
    assertStructural(out.sql);
    assertBindable(out);
    const query = kind === 'filter' ? `SELECT id FROM posts WHERE ${out.sql}` : `SELECT id FROM posts ORDER BY ${out.sql || 'id'}`;
    db.prepare(query).all(...out.params);
  }
}

const hostile = fc.oneof(
  fc.constantFrom("'; DROP TABLE posts; --", '" OR 1=1 --', '%', '_', '\\', '\\\\', '`x`', '$."x"', '?', '\u0000', '日本', '🚀', '*/ /*', '', 'NULL', 'a\nb', "'"),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const quoted = (s: string, q: '"' | "'") => q + s.replace(/\\/g, '\\\\').split(q).join('\\' + q) + q;
const text = fc.tuple(hostile, fc.constantFrom<'"' | "'">('"', "'")).map(([s, q]) => quoted(s, q));
const number = fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => n.toFixed(3)));
const path = fc.constantFrom(
  'id', 'title', 'views', 'author', 'authors', 'tags', 'cat', 'published', 'meta', 'draft', 'nope', 'null', 'true', 'FALSE',
  'author.name', 'authors.name', 'authors.tags:each', 'tags:each', 'tags:length', 'title:lower', 'author.id', 'authors.id',
  'comments_via_post.body', 'comments_via_likes.likes:each', 'meta.k', 'meta.a.0', 'meta.k:each', 'author.loc.lon', 'author.data.arr.1',
  'author.owner.friends.name', 'author.owner.email', 'author.secret', 'locked_via_post.note', 'title:isset', 'title:foo', 'a.b.c.d.e.f.g.h',
  '@collection.authors.name', '@collection.authors:z.age', '@collection.nope.x', '@request.auth.id', '@request.auth.role',
  '@request.auth.friends.name', '@request.body.title', '@request.body.tags:each', '@request.body.tags:length', '@request.body.author.name',
  '@request.body.title:changed', '@request.body.title:isset', '@request.query.q', '@request.headers.x_token', '@request.method',
  '@request.context', '@now', '@todayStart', '@monthEnd', '@weekday', '#x', '@',
);
const operator = fc.constantFrom('=', '!=', '>', '>=', '<', '<=', '~', '!~', '?=', '?!=', '?>', '?>=', '?<', '?<=', '?~', '?!~');
const fn = fc.oneof(
  fc.tuple(path, path).map(([a, b]) => `geoDistance(${a}, ${b}, 23.3, 42.6)`),
  fc.tuple(text, path).map(([f, t]) => `strftime(${f}, ${t}, '+1 day',)`),
);
const operand = fc.oneof({ weight: 4, arbitrary: path }, { weight: 2, arbitrary: text }, { weight: 1, arbitrary: number }, { weight: 1, arbitrary: fn });
const comparison = fc.tuple(operand, operator, operand).map(([l, o, r]) => `${l} ${o} ${r}`);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('expr'), fc.constantFrom('&&', '||'), tie('expr')).map(([a, j, b]) => `${a} ${j} ${b}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(tie('expr'), fc.string({ maxLength: 10 })).map(([e, c]) => `${e} // ${c.replace(/\n/g, ' ')}\n`),
  ),
}));

test('well-formed random filters compile to runnable, structural SQL', () => {
  fc.assert(fc.property(expr, (e) => check(e)), { numRuns: runs(400) });
});

test('mutated filters: spliced hostile text anywhere', () => {
  const mutated = fc.tuple(expr, fc.nat(), fc.oneof(hostile, fc.constantFrom('(', ')', '"', "'", '//', ';', '&&', '||', ',', '\\'))).map(
    ([e, at, junk]) => e.slice(0, at % (e.length + 1)) + junk + e.slice(at % (e.length + 1)),
  );
  fc.assert(fc.property(mutated, (e) => check(e)), { numRuns: runs(300) });
});

test('arbitrary strings never crash the compiler', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => check(s)), { numRuns: runs(300) });
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ab.:@_#()"\'\\/ =!?<>~&|,-1é'), maxLength: 80 }), (s) => check(s)), { numRuns: runs(400) });
});

test('random sorts', () => {
  const item = fc.tuple(fc.constantFrom('', '-', '+', ' '), fc.oneof(path, fc.constantFrom('@random', '@rowid'), hostile));
  const sort = fc.array(item, { minLength: 1, maxLength: 10 }).map((items) => items.map(([d, n]) => d + n).join(','));
  fc.assert(fc.property(sort, (s) => check(s, 'sort')), { numRuns: runs(300) });
});

/** The same random filters on Postgres: whatever compiles must also run there (no type errors, no bad casts). */
let pg: Awaited<ReturnType<typeof openPostgres>>;
before(async () => {
  pg = await openPostgres();
});
after(() => pg.close());

async function runsOnPostgres(input: string, kind: 'filter' | 'sort') {
  for (const opts of modes) {
    const pgOpts = { ...opts, dialect: postgresDialect, alias: postgresDialect.quote(opts.collection.name) };
    let out: CompiledSql;
    try {
      out = kind === 'filter' ? compileFilter(input, pgOpts) : compileSort(input, pgOpts);
    } catch (err) {
      if (err instanceof FilterError) continue;
      throw err;
    }
    const query = kind === 'filter' ? `SELECT id FROM posts WHERE ${out.sql}` : `SELECT id FROM posts ORDER BY ${out.sql || 'id'}`;
    await pg.db.query(query, out.params).catch((err: Error) => {
      throw new Error(`${err.message}\n  input: ${JSON.stringify(input).slice(0, 300)}\n  sql: ${out.sql.slice(0, 500)}`);
    });
  }
}

test('random filters and sorts run on Postgres too', async () => {
  await fc.assert(fc.asyncProperty(expr, (e) => runsOnPostgres(e, 'filter')), { numRuns: runs(300) });
  const item = fc.tuple(fc.constantFrom('', '-'), fc.oneof(path, fc.constantFrom('@random', '@rowid')));
  const sort = fc.array(item, { minLength: 1, maxLength: 5 }).map((items) => items.map(([d, n]) => d + n).join(','));
  await fc.assert(fc.asyncProperty(sort, (s) => runsOnPostgres(s, 'sort')), { numRuns: runs(100) });
});

test('hostile sizes are refused fast', () => {
  const cases = [
    'a = "' + 'x'.repeat(10_000) + '"',
    '('.repeat(5000) + 'title = 1' + ')'.repeat(5000),
    Array.from({ length: 300 }, () => 'title = 1').join(' && '),
    Array.from({ length: 60 }, (_, i) => `@collection.authors:a${i}.name ?= title`).join(' && '),
    'f('.repeat(500) + ')'.repeat(500) + ' = 1',
    '"'.repeat(filterLengthMax - 10),
  ];
  for (const input of cases) {
    const started = performance.now();
    assert.throws(() => compileFilter(input, modes[0]), FilterError, input.slice(0, 40));
    assert.ok(performance.now() - started < 50, `slow refusal of ${input.slice(0, 40)}`);
  }
  // The largest accepted filter still compiles and runs quickly.
  check(Array.from({ length: 200 }, (_, i) => `authors.name ?= "${i}"`).join(' || ').slice(0, filterLengthMax));
});
