import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError } from '../../lib/errors.js';
import { date } from './date.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('date options', () => {
  it('normalizes min/max datetimes; unparseable becomes ""', () => {
    const { field, errors } = normalize('date', { min: '2024-01-01T10:00:00Z', max: 'garbage' });
    assert.equal(errors, undefined);
    assert.equal(field.min, '2024-01-01 10:00:00.000Z');
    assert.equal(field.max, '');
    assert.deepEqual(date.defaults(), { help: '', min: '', max: '', required: false });
    assert.throws(() => normalize('date', { min: 5 }), BadRequestError);
  });
  it('accepts min after max, as PocketBase does', () => {
    assert.equal(normalize('date', { min: '2024-01-01', max: '2023-01-01' }).errors, undefined);
  });
});

describe('date values', () => {
  const f = makeField('date', { min: '2024-01-01 10:00:00.120Z', max: '2024-12-31 00:00:00.000Z' });
  it('parses leniently; numbers are not unix times', () => {
    assert.equal(date.prepare('2024-05-01T13:45:07.123+02:00', f), '2024-05-01 11:45:07.123Z');
    assert.equal(date.prepare('2024-05-01', f), '2024-05-01 00:00:00.000Z');
    assert.equal(date.prepare('nope', f), '');
    assert.equal(date.prepare(1700000000, f), '');
    assert.equal(date.prepare(null, f), '');
  });
  it('reports bounds with Go time formatting', async () => {
    const ctx = plainContext();
    assert.deepEqual(await date.validate('2023-01-01 00:00:00.000Z', f, ctx), {
      code: 'validation_min_greater_equal_than_required',
      message: 'Must be no less than 2024-01-01 10:00:00.12 +0000 UTC.',
      params: { threshold: '2024-01-01T10:00:00.12Z' },
    });
    assert.deepEqual(await date.validate('2025-05-05 10:00:00.123Z', f, ctx), {
      code: 'validation_max_less_equal_than_required',
      message: 'Must be no greater than 2024-12-31 00:00:00 +0000 UTC.',
      params: { threshold: '2024-12-31T00:00:00Z' },
    });
    assert.equal(await date.validate('2024-06-01 00:00:00.000Z', f, ctx), undefined);
    assert.equal(await date.validate('', f, ctx), undefined);
    assert.equal((await date.validate('', makeField('date', { required: true }), ctx))?.code, 'validation_required');
  });
  it('stores text', () => {
    assert.equal(date.column(f), 'text');
    assert.equal(date.toDb('2024-05-01 00:00:00.000Z', f), '2024-05-01 00:00:00.000Z');
    assert.equal(date.fromDb(null, f), '');
  });
});
