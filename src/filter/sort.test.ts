import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from './filter-error.js';
import { sortExprMax, sortFieldLengthMax } from './limits.js';
import { parseSort } from './sort.js';

test('comma list with - for DESC and optional + for ASC', () => {
  assert.deepEqual(parseSort('-created, +title ,author.name,@random,-@rowid'), [
    { name: 'created', direction: 'DESC', pos: 0 },
    { name: 'title', direction: 'ASC', pos: 10 },
    { name: 'author.name', direction: 'ASC', pos: 18 },
    { name: '@random', direction: 'ASC', pos: 30 },
    { name: '@rowid', direction: 'DESC', pos: 38 },
  ]);
  assert.ok(Object.isFrozen(parseSort('a')));
  assert.ok(Object.isFrozen(parseSort('a')[0]));
});

test('empty items are errors at their position', () => {
  for (const [sort, pos] of [['a,', 2], [',a', 0], ['a,,b', 2], ['-', 0], ['+', 0], [' ', 0]] as const) {
    assert.throws(() => parseSort(sort), (err: unknown) => err instanceof FilterError && err.position === pos, sort);
  }
});

test('limits: at most 8 items, each at most 255 characters', () => {
  assert.equal(parseSort(Array(sortExprMax).fill('a').join(',')).length, sortExprMax);
  assert.throws(() => parseSort(Array(sortExprMax + 1).fill('a').join(',')), /Something went wrong/);
  assert.equal(parseSort('a'.repeat(sortFieldLengthMax)).length, 1);
  assert.throws(() => parseSort('b,' + 'a'.repeat(sortFieldLengthMax + 1)), (err: unknown) => err instanceof FilterError && err.position === 2);
});

test('a - followed by space keeps the space in the name (and fails to resolve later)', () => {
  assert.deepEqual(parseSort('- title')[0], { name: ' title', direction: 'DESC', pos: 0 });
});
