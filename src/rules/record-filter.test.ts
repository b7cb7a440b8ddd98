import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../filter/filter-error.js';
import { macroClock } from './macros.js';
import { compileFilter, type RequestInfo } from './record-filter.js';
import { options, posts, rows, users } from './test-fixtures.js';

/** Pins the exact SQL and parameters for representative filters (SQLite dialect). */
function pins(filter: string, text: string, params: unknown[], req: Partial<RequestInfo> = {}, mode: 'rule' | 'client' = 'rule') {
  assert.deepEqual(compileFilter(filter, options(posts, req, mode)), { sql: text, params }, filter);
}

const each = (col: string) =>
  `json_each(CASE WHEN json_valid(${col}) AND json_type(${col}) = 'array' THEN ${col} ELSE json_array(${col}) END)`;
const auth = { collection: users, record: { ...rows.users[0] } };

test('empty filter is always true', () => {
  pins('', '1=1', []);
});

test('equality folds NULL and empty string together', () => {
  pins('title = "x"', '`posts`.`title` = ?', ['x']);
  pins('title != "x"', '`posts`.`title` IS NOT ?', ['x']);
  pins('title = ""', "(`posts`.`title` = '' OR `posts`.`title` IS NULL)", []);
  pins('title = null', "(`posts`.`title` = '' OR `posts`.`title` IS NULL)", []);
  pins('title != ""', "(`posts`.`title` IS NOT '' AND `posts`.`title` IS NOT NULL)", []);
  pins('null != title', "('' IS NOT `posts`.`title` AND `posts`.`title` IS NOT NULL)", []);
  pins('null = ""', "'' = ''", []);
  pins('title = author', "COALESCE(`posts`.`title`, '') = COALESCE(`posts`.`author`, '')", []);
  pins('draft = true', '`posts`.`draft` = 1', []);
});

test('orderings, logic and grouping', () => {
  pins(
    'views >= 5 && (draft = false || views < -1.5)',
    '(`posts`.`views` >= ? AND (`posts`.`draft` = 0 OR `posts`.`views` < ?))',
    [5, -1.5],
  );
});

test('LIKE wraps literals with % and escapes, unless the text has its own %', () => {
  pins('title ~ "a_b\\\\c"', "`posts`.`title` LIKE ? ESCAPE '\\'", ['%a\\_b\\\\c%']);
  pins('title ~ "abc%"', "`posts`.`title` LIKE ? ESCAPE '\\'", ['abc%']);
  pins('title !~ 5', "`posts`.`title` NOT LIKE ? ESCAPE '\\'", ['%5%']);
  pins('title !~ cat', "`posts`.`title` NOT LIKE ('%' || `posts`.`cat` || '%') ESCAPE '\\'", []);
});

test('json paths compare strictly, without the NULL fallback; the path is a parameter', () => {
  const at = "(CASE WHEN json_valid(`posts`.`meta`) THEN json_extract(`posts`.`meta`, ?) ELSE NULL END)";
  pins('meta.a.0 = null', `${at} IS NULL`, ['$."a"[0]']);
  pins('meta != 5', `${at} IS NOT ?`, ['$', 5]);
  pins('meta.k ~ title', `${at} LIKE ('%' || \`posts\`.\`title\` || '%') ESCAPE '\\'`, ['$."k"']);
});

test(':length and :lower', () => {
  pins(
    'tags:length > 1',
    "(CASE WHEN json_valid(`posts`.`tags`) AND json_type(`posts`.`tags`) = 'array' THEN json_array_length(`posts`.`tags`) " +
      "WHEN `posts`.`tags` IS NULL OR `posts`.`tags` = '' THEN 0 ELSE 1 END) > ?",
    [1],
  );
  pins('title:lower = "ab"', 'LOWER(`posts`.`title`) = ?', ['ab']);
});

test('a single relation joins inside one EXISTS; rel.id needs no join', () => {
  pins(
    'author.name = "x"',
    'EXISTS (SELECT 1 FROM (SELECT 1) `__pb_r3` LEFT JOIN `authors` `__pb_j2` ON `__pb_j2`.`id` = `posts`.`author` WHERE `__pb_j2`.`name` = ?)',
    ['x'],
  );
  pins('author.id = "a1"', '`posts`.`author` = ?', ['a1']);
});

test('a multi relation: ?= needs some value, = needs every value', () => {
  const shared = `LEFT JOIN ${each('`posts`.`authors`')} \`__pb_j2\` ON 1=1 LEFT JOIN \`authors\` \`__pb_j3\` ON \`__pb_j3\`.\`id\` = \`__pb_j2\`.value`;
  pins('authors.name ?= "x"', `EXISTS (SELECT 1 FROM (SELECT 1) \`__pb_r5\` ${shared} WHERE \`__pb_j3\`.\`name\` = ?)`, ['x']);
  pins(
    'authors.name = "x"',
    `EXISTS (SELECT 1 FROM (SELECT 1) \`__pb_r6\` ${shared} WHERE (\`__pb_j3\`.\`name\` = ? AND NOT EXISTS (SELECT 1 FROM (SELECT 1) \`__pb_r5\` ` +
      `LEFT JOIN ${each('`posts`.`authors`')} \`__pb_m4\` ON 1=1 LEFT JOIN \`authors\` \`__pb_m1\` ON \`__pb_m1\`.\`id\` = \`__pb_m4\`.value ` +
      'WHERE NOT (`__pb_m1`.`name` = ?))))',
    ['x', 'x'],
  );
});

test('back-relations and @collection joins', () => {
  pins(
    'comments_via_post.body ?= "hi"',
    'EXISTS (SELECT 1 FROM (SELECT 1) `__pb_r3` LEFT JOIN `comments` `__pb_j2` ON `__pb_j2`.`post` = `posts`.`id` WHERE `__pb_j2`.`body` = ?)',
    ['hi'],
  );
  pins(
    '@collection.authors:a.name ?= title',
    "EXISTS (SELECT 1 FROM (SELECT 1) `__pb_r3` LEFT JOIN `authors` `__pb_j1` ON 1=1 WHERE COALESCE(`__pb_j1`.`name`, '') = COALESCE(`posts`.`title`, ''))",
    [],
  );
});

test('@request values are parameters; a guest\'s auth fields are NULL', () => {
  pins('@request.auth.id != ""', "'' IS NOT ''", []);
  pins('@request.auth.id != ""', "? IS NOT ''", ['u1'], { auth });
  pins('@request.auth.verified = true', '? = 1', [1], { auth });
  pins(
    '@request.auth.role = "admin"',
    'EXISTS (SELECT 1 FROM (SELECT 1) `__pb_r3` LEFT JOIN `users` `__pb_j1` ON `__pb_j1`.`id` = ? WHERE `__pb_j1`.`role` = ?)',
    ['u1', 'admin'],
    { auth },
  );
  pins('@request.query.page = "1"', '? = ?', ['1', '1'], { query: { page: '1' } });
  pins('views = @request.query.views', '`posts`.`views` = ?', [5], { query: { views: '5' } });
  pins('@request.headers.x_token:isset = true', '1 = 1', [], { headers: { x_token: 't' } });
  pins('@request.query.m:lower = "get"', 'LOWER(?) = ?', ['GET', 'get'], { query: { m: 'GET' } });
  pins(
    '@request.body.tags:each ?= "a"',
    `EXISTS (SELECT 1 FROM (SELECT 1) \`__pb_r3\` LEFT JOIN ${each('?')} \`__pb_j1\` ON 1=1 WHERE \`__pb_j1\`.value = ?)`,
    ['["a"]', '["a"]', '["a"]', '["a"]', 'a'],
    { body: { tags: ['a'] } },
  );
  pins('@request.body.title:changed = false', '(1 = 1 AND ? IS NOT `posts`.`title`) IS 0', ['x'], { body: { title: 'x' } });
});

test('macros and functions', () => {
  macroClock.now = () => new Date('2024-02-10T12:34:56.789Z');
  try {
    pins('published > @now && @month = 2', '(`posts`.`published` > ? AND ? = ?)', ['2024-02-10 12:34:56.789Z', 2, 2]);
    pins('published <= @monthEnd', '`posts`.`published` <= ?', ['2024-02-29 23:59:59.999Z']);
  } finally {
    macroClock.now = () => new Date();
  }
  pins("strftime('%Y', published) = \"2024\"", 'strftime(?, `posts`.`published`) = ?', ['%Y', '2024']);
  pins(
    'geoDistance(1, 2, 3, 4) < 5',
    '(6371 * acos(cos(radians(?)) * cos(radians(?)) * cos(radians(?) - radians(?)) + sin(radians(?)) * sin(radians(?)))) < ?',
    [2, 4, 3, 1, 2, 4, 5],
  );
});

test('client filters also apply the joined collection\'s listRule', () => {
  pins(
    'author.name = "x"',
    'EXISTS (SELECT 1 FROM (SELECT 1) `__pb_r3` LEFT JOIN `authors` `__pb_j2` ON `__pb_j2`.`id` = `posts`.`author` ' +
      "WHERE `__pb_j2`.`name` = ? AND ((`__pb_j2`.`id` = '' OR `__pb_j2`.`id` IS NULL) OR `__pb_j2`.`hiddenflag` = 0))",
    ['x'],
    {},
    'client',
  );
});

test('resolution errors are 400s worded like PocketBase, at the operand position', () => {
  const detail = (f: string) => {
    try {
      compileFilter(f, options(posts));
    } catch (err) {
      assert.ok(err instanceof FilterError);
      return [err.detail, err.position];
    }
    return assert.fail(`no error for ${f}`);
  };
  assert.deepEqual(detail('views = 1 && nope = 1'), ['invalid left operand "nope" - unknown field "nope"', 13]);
  assert.deepEqual(detail('title = author.nope'), ['invalid right operand "author.nope" - unknown field "nope"', 8]);
  assert.deepEqual(detail('title:foo = 1'), ['invalid left operand "title:foo" - unknown modifier in "title:foo"', 0]);
  assert.deepEqual(detail('nope(1) = 1'), ['invalid left operand "nope" - unknown function "nope"', 0]);
  assert.deepEqual(detail('geoDistance(1, 2, 3) = 1'), ['invalid left operand "geoDistance" - [geoDistance] expected 4 arguments, got 3', 0]);
  assert.deepEqual(detail('title.x = 1'), ['invalid left operand "title.x" - field "title" is not a valid relation', 0]);
  assert.deepEqual(detail('@collection.nope.x = 1')[0], 'invalid left operand "@collection.nope.x" - failed to load collection "nope" from field path "@collection.nope.x"');
  assert.deepEqual(detail('@request.query.a:each = 1')[0], 'invalid left operand "@request.query.a:each" - invalid modifier sequence a:each');
  assert.deepEqual(detail('@foo = 1')[0], 'invalid left operand "@foo" - failed to resolve field "@foo"');
});
