import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bool } from './bool.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('bool', () => {
  const f = makeField('bool', { required: true });
  it('has help and required only', () => {
    assert.deepEqual(bool.defaults(), { help: '', required: false });
    assert.deepEqual(Object.keys(normalize('bool').field), ['help', 'hidden', 'id', 'name', 'presentable', 'required', 'system', 'type']);
  });
  it('coerces like strconv.ParseBool', () => {
    assert.equal(bool.prepare('true', f), true);
    assert.equal(bool.prepare('1', f), true);
    assert.equal(bool.prepare(1, f), true);
    assert.equal(bool.prepare('yes', f), false);
  });
  it('requires true when required', async () => {
    const ctx = plainContext();
    assert.deepEqual(await bool.validate(false, f, ctx), { code: 'validation_required', message: 'Cannot be blank.' });
    assert.equal(await bool.validate(true, f, ctx), undefined);
    assert.equal(await bool.validate(false, makeField('bool'), ctx), undefined);
  });
  it('stores 0/1 and reads both drivers', () => {
    assert.equal(bool.toDb(true, f), 1);
    assert.equal(bool.toDb(false, f), 0);
    assert.equal(bool.fromDb(1, f), true);
    assert.equal(bool.fromDb(0, f), false);
    assert.equal(bool.fromDb(true, f), true);
    assert.equal(bool.column(f), 'bool');
    assert.equal(bool.zero(f), false);
  });
});
