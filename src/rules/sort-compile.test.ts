import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../filter/filter-error.js';
import { compileSort, type RequestInfo } from './record-filter.js';
import { openDb, options, posts, rows, users } from './test-fixtures.js';

const db = openDb();
const ann = { collection: users, record: { ...rows.users[0] } };

function order(sort: string, mode: 'rule' | 'client' = 'rule', req: Partial<RequestInfo> = {}): string {
  const { sql, params } = compileSort(sort, options(posts, req, mode));
  const found = db.prepare(`SELECT id FROM posts ORDER BY ${sql}`).all(...params) as { id: string }[];
  return found.map((r) => r.id).join(',');
}

function invalid(sort: string, mode: 'rule' | 'client' = 'rule') {
  assert.throws(() => compileSort(sort, options(posts, { auth: ann, query: { q: '1' } }, mode)), (err: unknown) => err instanceof FilterError && err.status === 400, sort);
}

test('pinned SQL: columns, modifiers, special keys', () => {
  assert.deepEqual(compileSort('', options(posts)), { sql: '', params: [] });
  assert.deepEqual(compileSort('-views,+title', options(posts)), { sql: '`posts`.`views` DESC, `posts`.`title` ASC', params: [] });
  assert.deepEqual(compileSort('@random, -@rowid', options(posts)), { sql: 'RANDOM(), `posts`._rowid_ DESC', params: [] });
  assert.deepEqual(compileSort('title:lower', options(posts)), { sql: 'LOWER(`posts`.`title`) ASC', params: [] });
});

test('pinned SQL: a relation path sorts by a correlated subquery, no join in the main query', () => {
  assert.deepEqual(compileSort('-author.name', options(posts)), {
    sql: '(SELECT `__pb_j2`.`name` FROM (SELECT 1) `__pb_r3` LEFT JOIN `authors` `__pb_j2` ON `__pb_j2`.`id` = `posts`.`author` WHERE 1=1 LIMIT 1) DESC',
    params: [],
  });
});

test('orders rows', () => {
  assert.equal(order('-views'), 'p2,p1,p5,p4,p3');
  assert.equal(order('title,id'), 'p3,p1,p5,p2,p4');
  assert.equal(order('-@rowid'), 'p5,p4,p3,p2,p1');
  assert.equal(order('tags:length,id'), 'p3,p4,p2,p5,p1');
  assert.equal(order('author.name,id'), 'p3,p5,p1,p2,p4');
  assert.equal(order('-author.age,id'), 'p4,p2,p1,p3,p5');
  // Over many related rows: the lowest value ascending, the highest descending.
  assert.equal(order('authors.age,id'), 'p3,p5,p1,p4,p2');
  assert.equal(order('-authors.age,id'), 'p4,p1,p2,p3,p5');
  assert.equal(order('meta.k,id'), 'p2,p3,p4,p5,p1');
  assert.equal(order('@request.auth.name,id', 'rule', { auth: ann }), 'p1,p2,p3,p4,p5');
  assert.equal(order('@random').split(',').sort().join(','), 'p1,p2,p3,p4,p5');
});

test('client sorts: hidden rows of joined collections sort as missing, hidden fields fail', () => {
  // a3 (p4's author) is hidden by the authors listRule: its name sorts like an empty relation.
  assert.equal(order('-author.name,id', 'client'), 'p2,p1,p3,p4,p5');
  invalid('author.secret', 'client');
  assert.equal(order('author.secret,id'), 'p3,p5,p4,p1,p2');
});

test('only fields sort: literals, @request values, macros, functions and unknowns fail', () => {
  for (const s of ['nope', "'title'", 'null', '@now', '@request.auth.id', '@request.query.q', '@request.query.q:isset', 'title,', ',title', '- title', 'geoDistance(1,2,3,4)', 'a,b,c,d,e,f,g,h,i']) {
    invalid(s);
  }
});
