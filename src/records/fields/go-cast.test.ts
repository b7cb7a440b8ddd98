import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { castBool, castNumber, castString, parseGoFloat, uniqueStrings } from './go-cast.js';

// Expectations below were read off PocketBase 0.40.4 over HTTP.
describe('castString', () => {
  it('prints numbers like Go (no exponent) and voids objects', () => {
    assert.equal(castString(1.5), '1.5');
    assert.equal(castString(1e21), '1000000000000000000000');
    assert.equal(castString(1e-7), '0.0000001');
    assert.equal(castString(12345678901234567890), '12345678901234567000');
    assert.equal(castString(-0), '-0');
    assert.equal(castString(true), 'true');
    assert.equal(castString(null), '');
    assert.equal(castString([1, 2]), '');
    assert.equal(castString({ a: 1 }), '');
  });
});

describe('castNumber', () => {
  it('parses strings the way strconv.ParseFloat does', () => {
    const cases: [unknown, number][] = [
      ['12', 12], ['1e3', 1000], ['1.5e2', 150], ['1_000', 1000], ['.5', 0.5], ['5.', 5], ['+5', 5], ['0x1p4', 16],
      ['abc', 0], [' 12 ', 0], ['1__0', 0], ['_1', 0], ['0x10', 0], ['1e400', 0], ['', 0],
      [true, 1], [false, 0], [null, 0], [[1], 0], [{}, 0], [7, 7],
    ];
    for (const [input, want] of cases) assert.equal(castNumber(input), want, JSON.stringify(input));
  });
  it('keeps inf and nan for validation to refuse', () => {
    assert.equal(castNumber('-inf'), -Infinity);
    assert.equal(castNumber('Infinity'), Infinity);
    assert.ok(Number.isNaN(castNumber('NaN')));
    assert.equal(parseGoFloat('infin'), undefined);
  });
});

describe('castBool', () => {
  it('accepts only strconv.ParseBool spellings of true', () => {
    for (const v of [true, 1, -1, 0.5, '1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(castBool(v), true, String(v));
    for (const v of [false, 0, '0', 'yes', 'on', ' true', 'tRuE', '1.0', '', null, [1], {}]) assert.equal(castBool(v), false, String(v));
  });
});

describe('uniqueStrings', () => {
  it('normalizes lists as PocketBase does', () => {
    const cases: [unknown, string[]][] = [
      [['', 'a', 'a'], ['a']],
      [[null, 'a'], ['a']],
      [['b', true], ['b', 'true']],
      [[1.5], ['1.5']],
      [['a', ['b']], []], // an array element voids the list
      [[null, 'a', { x: 1 }], []],
      ['a', ['a']],
      [' a', [' a']],
      ['a,b', ['a,b']],
      ['["a","c"]', ['a', 'c']],
      ['["a", ""]', ['a']],
      ['[null]', []],
      ['[1]', ['[1]']], // typed JSON elements: the raw text is kept as one more value
      ['["a",1]', ['a', '["a",1]']],
      ['[["a"]]', ['[["a"]]']],
      ['[x', ['[x']],
      [5, ['5']],
      [true, ['true']],
      [{ a: 'b' }, []],
      [null, []],
      ['', []],
    ];
    for (const [input, want] of cases) assert.deepEqual(uniqueStrings(input), want, JSON.stringify(input));
  });
});
