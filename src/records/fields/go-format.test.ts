import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloatPlain, formatFloatVerb, goTimeJson, goTimeString } from './go-format.js';

describe('formatFloatVerb (%v)', () => {
  it('matches the numbers in PocketBase validation messages', () => {
    const cases: [number, string][] = [
      [5, '5'], [-0.5, '-0.5'], [1000000, '1e+06'], [1e-7, '1e-07'], [123456789.5, '1.234567895e+08'],
      [1e21, '1e+21'], [123456, '123456'], [0.0001, '0.0001'], [0.00001, '1e-05'], [0, '0'], [1e100, '1e+100'],
    ];
    for (const [n, want] of cases) assert.equal(formatFloatVerb(n), want, String(n));
  });
});

describe('formatFloatPlain', () => {
  it('never uses an exponent', () => {
    assert.equal(formatFloatPlain(1.25e-10), '0.000000000125');
    assert.equal(formatFloatPlain(-1.5e22), '-15000000000000000000000');
    assert.equal(formatFloatPlain(Infinity), '+Inf');
  });
});

describe('Go time formats', () => {
  it('trims fractional zeros like Go', () => {
    const d = new Date('2024-01-01T10:00:00.120Z');
    assert.equal(goTimeString(d), '2024-01-01 10:00:00.12 +0000 UTC');
    assert.equal(goTimeJson(d), '2024-01-01T10:00:00.12Z');
    assert.equal(goTimeString(new Date('2024-01-01T00:00:00Z')), '2024-01-01 00:00:00 +0000 UTC');
    assert.equal(goTimeJson(new Date('2024-01-01T00:00:00Z')), '2024-01-01T00:00:00Z');
  });
});
