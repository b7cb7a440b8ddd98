import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { password } from './password.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('password options', () => {
  it('fills defaults and bounds them', () => {
    assert.deepEqual(password.defaults(), { help: '', pattern: '', min: 0, max: 0, cost: 0, required: false });
    assert.deepEqual(normalize('password', { min: 0, max: 72, cost: 3 }).errors, {
      max: { code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 71.', params: { threshold: 71 } },
      cost: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 4.', params: { threshold: 4 } },
    });
    assert.deepEqual(normalize('password', { min: 72, cost: 32 }).errors, {
      min: { code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 71.', params: { threshold: 71 } },
      cost: { code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 31.', params: { threshold: 31 } },
    });
    const { errors } = normalize('password', { min: 10, max: 5, pattern: '(' });
    assert.equal(errors?.max?.code, 'validation_min_greater_equal_than_required');
    assert.equal(errors?.pattern?.code, 'validation_invalid_regex');
  });
});

describe('password values (plaintext)', () => {
  const ctx = plainContext();
  const f = makeField('password', { min: 3, max: 5, pattern: '^[a-z]+$', required: true });
  it('validates the plaintext without params, as PocketBase words it', async () => {
    assert.deepEqual(await password.validate('ab', f, ctx), { code: 'validation_min_text_constraint', message: 'Must be at least 3 character(s).' });
    assert.deepEqual(await password.validate('abcdef', f, ctx), { code: 'validation_max_text_constraint', message: 'Must be less than 5 character(s).' });
    assert.deepEqual(await password.validate('ABC', f, ctx), { code: 'validation_invalid_format', message: 'Invalid value format.' });
    assert.deepEqual(await password.validate('', f, ctx), { code: 'validation_required', message: 'Cannot be blank.' });
    assert.equal(await password.validate('abc', f, ctx), undefined);
  });
  it('defaults max to 71 runes and refuses input over 72 bytes first', async () => {
    const open = makeField('password');
    assert.equal((await password.validate('a'.repeat(72), open, ctx))?.message, 'Must be less than 71 character(s).');
    assert.deepEqual(await password.validate('é'.repeat(40), open, ctx), { code: 'validation_invalid_value', message: 'Invalid value.' });
    assert.equal(await password.validate('a'.repeat(71), open, ctx), undefined);
  });
  it('treats a stored hash as filled', async () => {
    assert.equal(await password.validate({ hash: '$argon2id$x' }, f, ctx), undefined);
    assert.equal(password.toDb({ hash: '$argon2id$x' }, f), '$argon2id$x');
    assert.equal(password.toDb('$2a$10$hash', f), '$2a$10$hash');
    assert.equal(password.fromDb(null, f), '');
    assert.equal(password.prepare(12345, f), '12345');
  });
});
