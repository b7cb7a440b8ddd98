import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError } from '../../lib/errors.js';
import { number } from './number.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('number options', () => {
  it('defaults min/max to null', () => {
    const { field, errors } = normalize('number', { onlyInt: null });
    assert.equal(errors, undefined);
    assert.deepEqual(
      { min: field.min, max: field.max, onlyInt: field.onlyInt, required: field.required, help: field.help },
      { min: null, max: null, onlyInt: false, required: false, help: '' },
    );
  });
  it('refuses non-numeric and overflowing bounds', () => {
    assert.throws(() => normalize('number', { min: '3' }), BadRequestError);
    assert.throws(() => normalize('number', { max: Infinity }), BadRequestError);
  });
  it('keeps bounds integer when onlyInt and ordered', () => {
    const onlyInt = { code: 'validation_only_int_constraint', message: 'Decimal numbers are not allowed.' };
    assert.deepEqual(normalize('number', { onlyInt: true, min: 1.5, max: 2.5 }).errors, { min: onlyInt, max: onlyInt });
    assert.deepEqual(normalize('number', { min: 5, max: 1 }).errors, {
      max: { code: 'validation_min_number_constraint', message: 'Must be greater or equal than 5.', params: { min: 5 } },
    });
  });
});

describe('number values', () => {
  const f = makeField('number');
  it('coerces input', () => {
    assert.equal(number.prepare('12', f), 12);
    assert.equal(number.prepare('abc', f), 0);
    assert.equal(number.prepare(true, f), 1);
    assert.equal(number.prepare(null, f), 0);
  });
  it('adds and subtracts with modifiers', () => {
    assert.equal(number.modify?.(5, 'append', '2.5', f), 7.5);
    assert.equal(number.modify?.(5, 'subtract', 7, f), -2);
    assert.equal(number.modify?.(undefined, 'append', 3, f), 3);
    assert.equal(number.modify?.(5, 'prepend', 3, f), 5, '+field does not exist for numbers');
  });
  it('validates like PocketBase, numbers in messages printed as Go does', async () => {
    const ctx = plainContext();
    const g = makeField('number', { min: 1000000, max: 2e6, onlyInt: true, required: true });
    assert.deepEqual(await number.validate(Infinity, g, ctx), {
      code: 'validation_not_a_number', message: 'The submitted number is not properly formatted.',
    });
    assert.deepEqual(await number.validate(NaN, g, ctx), await number.validate(Infinity, g, ctx));
    assert.deepEqual(await number.validate(0, g, ctx), { code: 'validation_required', message: 'Cannot be blank.' });
    assert.equal((await number.validate(1000000.5, g, ctx))?.code, 'validation_only_int_constraint');
    assert.deepEqual(await number.validate(5, g, ctx), {
      code: 'validation_min_number_constraint', message: 'Must be greater or equal than 1e+06.', params: { min: 1000000 },
    });
    assert.deepEqual(await number.validate(3e6, g, ctx), {
      code: 'validation_max_number_constraint', message: 'Must be less or equal than 2e+06.', params: { max: 2000000 },
    });
    assert.deepEqual(await number.validate(1, makeField('number', { max: 1e-7 }), ctx), {
      code: 'validation_max_number_constraint', message: 'Must be less or equal than 1e-07.', params: { max: 1e-7 },
    });
    assert.equal(await number.validate(0, makeField('number', { min: 5 }), ctx), undefined, 'zero skips bounds');
    assert.equal((await number.validate(1e20, makeField('number', { onlyInt: true }), ctx))?.code, 'validation_only_int_constraint');
  });
  it('stores numbers', () => {
    assert.equal(number.column(f), 'number');
    assert.equal(number.zero(f), 0);
    assert.equal(number.toDb('4', f), 4);
    assert.equal(number.fromDb('1.5', f), 1.5);
    assert.equal(number.fromDb(null, f), 0);
  });
});
