import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExprNode, OperandNode } from './ast.js';
import { FilterError } from './filter-error.js';
import { comparisonsMax, filterLengthMax, functionNestingMax, groupDepthMax } from './limits.js';
import { parseFilter } from './parser.js';

/** Compact rendering of a tree, to compare shapes at a glance. */
function show(n: ExprNode | OperandNode): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `${n.kind}(${n.items.map(show).join(', ')})`;
    case 'comparison':
      return `${show(n.left)} ${n.op} ${show(n.right)}`;
    case 'identifier':
      return n.name;
    case 'text':
      return JSON.stringify(n.value);
    case 'number':
      return `#${n.value}`;
    case 'function':
      return `${n.name}(${n.args.map(show).join(', ')})`;
  }
}

function fails(input: string, position: number, detail?: RegExp) {
  assert.throws(() => parseFilter(input), (err: unknown) => {
    assert.ok(err instanceof FilterError, `expected FilterError for ${JSON.stringify(input)}`);
    assert.equal(err.position, position, `position for ${JSON.stringify(input)}: ${err.detail}`);
    if (detail) assert.match(err.detail, detail);
    return true;
  });
}

test('a comparison: operand, sign, operand', () => {
  assert.equal(show(parseFilter('title = "x"')), 'title = "x"');
  assert.equal(show(parseFilter('"x" = title')), '"x" = title');
  assert.equal(show(parseFilter('5 ?>= n')), '#5 ?>= n');
  assert.equal(show(parseFilter('a=b')), 'a = b');
});

test('&& binds tighter than ||, as SQL does', () => {
  assert.equal(show(parseFilter('a = 1 || b = 2 && c = 3')), 'or(a = #1, and(b = #2, c = #3))');
  assert.equal(show(parseFilter('a = 1 && b = 2 || c = 3')), 'or(and(a = #1, b = #2), c = #3)');
  assert.equal(show(parseFilter('(a = 1 || b = 2) && c = 3')), 'and(or(a = #1, b = #2), c = #3)');
  assert.equal(show(parseFilter('a = 1 && b = 2 && c = 3')), 'and(a = #1, b = #2, c = #3)');
  assert.equal(show(parseFilter('((a = 1))')), 'a = #1');
});

test('functions: nested calls, trailing comma, comments inside', () => {
  assert.equal(show(parseFilter('geoDistance(a.lon, a.lat, 1, -2.5,) < 10')), 'geoDistance(a.lon, a.lat, #1, #-2.5) < #10');
  assert.equal(show(parseFilter("strftime('%Y', created // the year\n) = '2024'")), 'strftime("%Y", created) = "2024"');
  assert.equal(show(parseFilter('f() = 1')), 'f() = #1');
  assert.equal(show(parseFilter('f(g(h(1))) = 1')), 'f(g(h(#1))) = #1');
  fails('f(g(h(i(1)))) = 1', 6, /max nested function/);
  assert.equal(functionNestingMax, 2);
  fails('f(,1) = 1', 2, /unsupported argument/);
  fails('f(1 2) = 1', 4, /expected comma/);
  fails('f(1', 3, /incomplete/);
  fails('f(a = 1) = 1', 4, /expected comma/);
});

test('a space before ( makes a group, not a call', () => {
  fails('f (1) = 1', 2, /expected a sign operator/);
});

test('nodes are frozen and carry positions', () => {
  const n = parseFilter('a = 1 && (b ~ "x" || c != d)');
  assert.ok(Object.isFrozen(n));
  assert.equal(n.kind, 'and');
  if (n.kind !== 'and') return;
  assert.ok(Object.isFrozen(n.items));
  const [first, second] = n.items;
  assert.equal(first.pos, 0);
  assert.equal(second.pos, 10);
  if (first.kind !== 'comparison') return assert.fail();
  assert.equal(first.right.pos, 4);
  assert.throws(() => {
    (first as { op: string }).op = '!=';
  }, TypeError);
});

test('syntax errors carry the offending position', () => {
  fails('a = ', 4, /invalid or incomplete/);
  fails('a =', 3, /invalid or incomplete/);
  fails('a', 1, /invalid or incomplete/);
  fails('&& a = 1', 0, /expected left operand/);
  fails('a = 1 &&', 8, /invalid or incomplete/);
  fails('a = 1 b = 2', 6, /expected && or \|\|/);
  fails('a = = 1', 4, /expected right operand/);
  fails('a b', 2, /expected a sign operator/);
  fails('(a = 1', 0, /missing closing bracket/);
  fails('a = 1)', 5, /expected && or \|\|/);
  fails('()', 0, /empty/);
  fails('a = 1 && ()', 9, /empty/);
  // PocketBase silently drops `a =` here; a clear error is kinder.
  fails('a = (b = 1)', 4, /expected right operand/);
  fails('(a = 1)(b = 1)', 7, /expected && or \|\|/);
});

test('empty and comment-only filters are errors (the caller skips "")', () => {
  fails('', -1, /empty filter expression/);
  fails('   ', -1, /empty/);
  fails('// nothing', -1, /empty/);
});

test('limits: length in bytes, comparisons, group depth', () => {
  const long = 'a = "' + 'x'.repeat(filterLengthMax) + '"';
  fails(long, -1, /max filter length/);
  // Multi-byte characters count by their UTF-8 size, as PocketBase counts.
  fails('a = "' + 'é'.repeat(filterLengthMax / 2) + '"', -1, /max filter length/);
  const many = (n: number) => Array.from({ length: n }, (_, i) => `a = ${i}`).join(' || ');
  assert.equal(parseFilter(many(comparisonsMax)).kind, 'or');
  assert.throws(() => parseFilter(many(comparisonsMax + 1)), /Something went wrong/);
  fails(many(comparisonsMax + 1), (many(comparisonsMax) + ' || ').length, /max filter expressions/);
  const nest = (d: number) => '('.repeat(d) + 'a = 1' + ')'.repeat(d);
  assert.equal(show(parseFilter(nest(groupDepthMax))), 'a = #1');
  fails(nest(groupDepthMax + 1), groupDepthMax, /max nested groups/);
});

test('large numbers become 0 like a failed Go float parse', () => {
  const n = parseFilter(`a = ${'9'.repeat(400)}`);
  assert.equal(n.kind === 'comparison' && n.right.kind === 'number' && n.right.value, 0);
});

test('the HTTP answer is a generic 400, the detail stays server-side', () => {
  try {
    parseFilter('a = ');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof FilterError);
    assert.equal(err.status, 400);
    assert.equal(err.message, 'Something went wrong while processing your request.');
    assert.equal(err.describe(), 'invalid or incomplete filter expression (at position 4)');
  }
});
