import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { select } from './select.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

const values = ['a', 'b', 'c'];

describe('select options', () => {
  it('needs values and bounds maxSelect by them', () => {
    assert.deepEqual(select.defaults(), { help: '', values: [], maxSelect: 0, required: false });
    assert.deepEqual(normalize('select').errors, { values: { code: 'validation_required', message: 'Cannot be blank.' } });
    assert.deepEqual(normalize('select', { values: ['a'], maxSelect: 2 }).errors, {
      maxSelect: { code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 1.', params: { threshold: 1 } },
    });
    assert.equal(normalize('select', { values: ['a', 'b'], maxSelect: -1 }).errors?.maxSelect?.code, 'validation_min_greater_equal_than_required');
    assert.deepEqual(normalize('select', { values: ['a', null] }).field.values, ['a', '']);
  });
});

describe('select values', () => {
  const single = makeField('select', { values });
  const multi = makeField('select', { values, maxSelect: 2 });

  it('keeps the last value for a single select, a unique list for a multiple one', () => {
    assert.equal(select.prepare(['a', 'b'], single), 'b');
    assert.equal(select.prepare('["a","c"]', single), 'c');
    assert.equal(select.prepare(['', 'a', 'a'], single), 'a');
    assert.equal(select.prepare(null, single), '');
    assert.deepEqual(select.prepare(['a', 'a', '', 'b'], multi), ['a', 'b']);
    assert.deepEqual(select.prepare('a', multi), ['a']);
    assert.deepEqual(select.prepare(null, multi), []);
  });

  it('applies modifiers', () => {
    assert.deepEqual(select.modify?.(['a'], 'append', ['b', 'a'], multi), ['a', 'b']);
    assert.deepEqual(select.modify?.(['a'], 'prepend', 'b', multi), ['b', 'a']);
    assert.deepEqual(select.modify?.(['a', 'b'], 'subtract', 'a', multi), ['b']);
    assert.equal(select.modify?.('c', 'append', 'a', single), 'a');
    assert.equal(select.modify?.('a', 'prepend', 'b', single), 'a');
    assert.equal(select.modify?.('a', 'subtract', 'a', single), '');
  });

  it('validates count and membership', async () => {
    const ctx = plainContext();
    assert.deepEqual(await select.validate(['a', 'b', 'c'], multi, ctx), {
      code: 'validation_too_many_values', message: 'Select no more than 2.', params: { maxSelect: 2 },
    });
    assert.deepEqual(await select.validate('z', single, ctx), {
      code: 'validation_invalid_value', message: 'Invalid value z.', params: { value: 'z' },
    });
    // A stored single value that reads as a JSON list counts as several values, as in PocketBase.
    assert.equal((await select.validate('["a",1]', single, ctx))?.code, 'validation_too_many_values');
    assert.equal((await select.validate('', makeField('select', { values, required: true }), ctx))?.code, 'validation_required');
    assert.equal(await select.validate(['a', 'b'], multi, ctx), undefined);
  });

  it('stores a single value as text and several as a JSON array', () => {
    assert.equal(select.column(single), 'text');
    assert.equal(select.column(multi), 'jsonArray');
    assert.equal(select.toDb(['a', 'b'], single), 'b');
    assert.equal(select.toDb(['a', 'b'], multi), '["a","b"]');
    assert.deepEqual(select.fromDb('["a","b"]', multi), ['a', 'b']);
    assert.deepEqual(select.fromDb(null, multi), []);
    assert.deepEqual(select.fromDb('a', multi), ['a']);
    assert.equal(select.fromDb(null, single), '');
    assert.deepEqual(select.zero(multi), []);
  });
});
