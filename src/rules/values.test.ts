import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasSingleColumnUniqueIndex } from './field-path.js';
import { macroClock, macroValue } from './macros.js';
import { castToString, likePattern, parseGoFloat } from './values.js';

test('LIKE operands: wrapped and escaped, unless they carry their own %', () => {
  assert.equal(likePattern('abc'), '%abc%');
  assert.equal(likePattern('a_b'), '%a\\_b%');
  assert.equal(likePattern('\\'), '%\\\\%');
  assert.equal(likePattern('a\\_b'), '%a\\_b%', 'an escaped _ stays escaped once');
  assert.equal(likePattern('50\\%'), '%50\\%%', 'an escaped % is not a wildcard');
  assert.equal(likePattern('50%'), '50%');
  assert.equal(likePattern('%'), '%');
  assert.equal(likePattern('a\\\\%'), 'a\\\\%', 'after an escaped backslash, % is a wildcard again');
  assert.equal(likePattern(5), '%5%');
  assert.equal(likePattern(true), '%true%');
  assert.equal(likePattern(null), '%%');
});

test('Go-like string casts and float parsing', () => {
  assert.equal(castToString(1.5), '1.5');
  assert.equal(castToString(1e21), '1000000000000000000000');
  assert.equal(castToString(1e-7), '0.0000001');
  assert.equal(castToString(false), 'false');
  assert.equal(castToString(['a']), '');
  assert.equal(parseGoFloat('5'), 5);
  assert.equal(parseGoFloat('-1.5e3'), -1500);
  assert.equal(parseGoFloat('.5'), 0.5);
  assert.equal(parseGoFloat(' 5'), undefined);
  assert.equal(parseGoFloat('0x10'), undefined);
  assert.equal(parseGoFloat(''), undefined);
  assert.equal(parseGoFloat('1e999'), undefined);
});

test('unique single-column indexes make a back-relation single-valued', () => {
  assert.ok(hasSingleColumnUniqueIndex(['CREATE UNIQUE INDEX `idx_x` ON `profiles` (`user`)'], 'user'));
  assert.ok(hasSingleColumnUniqueIndex(['create unique index idx on t ("User" DESC) WHERE x != ""'], 'user'));
  assert.ok(!hasSingleColumnUniqueIndex(['CREATE INDEX `idx_x` ON `profiles` (`user`)'], 'user'));
  assert.ok(!hasSingleColumnUniqueIndex(['CREATE UNIQUE INDEX `idx_x` ON `profiles` (`user`, `bio`)'], 'user'));
  assert.ok(!hasSingleColumnUniqueIndex([], 'user'));
});

test('datetime macros, all UTC', () => {
  macroClock.now = () => new Date('2024-02-29T23:59:58.123Z');
  try {
    assert.deepEqual(
      ['@now', '@yesterday', '@tomorrow', '@todayStart', '@todayEnd', '@monthStart', '@monthEnd', '@yearStart', '@yearEnd'].map(macroValue),
      [
        '2024-02-29 23:59:58.123Z', '2024-02-28 23:59:58.123Z', '2024-03-01 23:59:58.123Z', '2024-02-29 00:00:00.000Z', '2024-02-29 23:59:59.999Z',
        '2024-02-01 00:00:00.000Z', '2024-02-29 23:59:59.999Z', '2024-01-01 00:00:00.000Z', '2024-12-31 23:59:59.999Z',
      ],
    );
    assert.deepEqual(['@second', '@minute', '@hour', '@day', '@month', '@weekday', '@year'].map(macroValue), [58, 59, 23, 29, 2, 4, 2024]);
    assert.equal(macroValue('@NOW'), undefined);
    assert.equal(macroValue('@toString'), undefined);
  } finally {
    macroClock.now = () => new Date();
  }
});
