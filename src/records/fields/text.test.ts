import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { BadRequestError } from '../../lib/errors.js';
import { idField } from '../collection-defaults.js';
import { invalidFormatMessage } from './options.js';
import { makeCollection, makeField, memoryStore, normalize, optionsContext, valueContext } from './test-fixtures.js';
import { text } from './text.js';

describe('text options', () => {
  it('fills every option as PocketBase reports it, keys sorted, unknown keys dropped', () => {
    const { field, errors } = normalize('text', { foo: 1, help: null });
    assert.equal(errors, undefined);
    assert.deepEqual(Object.keys(field), [
      'autogeneratePattern', 'help', 'hidden', 'id', 'max', 'min', 'name', 'pattern', 'presentable', 'primaryKey',
      'required', 'system', 'type',
    ]);
    assert.deepEqual(text.defaults(), {
      help: '', min: 0, max: 0, pattern: '', autogeneratePattern: '', primaryKey: false, required: false,
    });
  });

  it('refuses wrongly typed options like a body that fails to decode', () => {
    for (const bad of [{ min: '5' }, { required: 'true' }, { min: 5.5 }, { pattern: 1 }]) {
      assert.throws(() => normalize('text', bad), (e) => e instanceof BadRequestError && e.message === invalidFormatMessage);
    }
  });

  it('checks bounds, patterns and help', () => {
    assert.deepEqual(normalize('text', { min: -1 }).errors, {
      min: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } },
    });
    assert.deepEqual(normalize('text', { min: 10, max: 5 }).errors?.max, {
      code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 10.', params: { threshold: 10 },
    });
    assert.deepEqual(normalize('text', { min: 2 ** 53 }).errors?.min, {
      code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 9007199254740991.',
      params: { threshold: 9007199254740991 },
    });
    assert.equal(normalize('text', { pattern: '(a' }).errors?.pattern?.code, 'validation_invalid_regex');
    assert.deepEqual(normalize('text', { help: 'h'.repeat(301) }).errors?.help, {
      code: 'validation_length_out_of_range', message: 'The length must be between 1 and 300.', params: { min: 1, max: 300 },
    });
  });

  it('refuses an autogenerate pattern whose values break the field rules', () => {
    const { errors } = normalize('text', { autogeneratePattern: '[a-z]{3}', min: 5 });
    assert.equal(errors?.autogeneratePattern?.code, 'validation_invalid_autogenerate_pattern_value');
    assert.match(String(errors?.autogeneratePattern?.message), /^The provided autogenerate pattern could produce invalid field values, ex\.: "[a-z]{3}"\.$/);
    assert.equal(normalize('text', { autogeneratePattern: '(a' }).errors?.autogeneratePattern?.code, 'validation_invalid_regex');
    assert.equal(normalize('text', { autogeneratePattern: '[a-z]{5}', min: 5 }).errors, undefined);
  });

  it('holds a primary key to its rules', () => {
    const pk = makeField('text', { primaryKey: true, hidden: true }, 'x');
    const other = makeField('text', { primaryKey: true }, 'id');
    const ctx = optionsContext(makeCollection({ fields: [other, pk] }));
    assert.deepEqual(text.normalizeOptions(pk, ctx), {
      name: { code: 'validation_in_invalid', message: 'The primary key must be named "id".' },
      primaryKey: { code: 'validation_unsupported_composite_pk', message: 'Composite PKs are not supported and the collection must have only 1 PK.' },
      pattern: { code: 'validation_required', message: 'Cannot be blank.' },
      hidden: { code: 'validation_empty', message: 'Must be blank.' },
      required: { code: 'validation_required', message: 'Cannot be blank.' },
    });
    const id = idField();
    assert.equal(text.normalizeOptions(id, optionsContext(makeCollection({ fields: [id] }))), undefined);
  });
});

describe('text values', () => {
  const store = memoryStore();
  after(() => store.close());
  const ctx = () => valueContext(store);

  it('stringifies input like Go', () => {
    assert.equal(text.prepare(1.5, makeField('text')), '1.5');
    assert.equal(text.prepare(true, makeField('text')), 'true');
    assert.equal(text.prepare(1e21, makeField('text')), '1000000000000000000000');
    assert.equal(text.prepare(['a'], makeField('text')), '');
    assert.equal(text.prepare(null, makeField('text')), '');
  });

  it('validates required, rune length and pattern', async () => {
    const f = makeField('text', { required: true, min: 3, max: 5, pattern: '^[a-zé]+$' });
    assert.deepEqual(await text.validate('', f, ctx()), { code: 'validation_required', message: 'Cannot be blank.' });
    assert.deepEqual(await text.validate('ab', f, ctx()), {
      code: 'validation_min_text_constraint', message: 'Must be at least 3 character(s).', params: { min: 3 },
    });
    assert.deepEqual(await text.validate('abcdef', f, ctx()), {
      code: 'validation_max_text_constraint', message: 'Must be no more than 5 character(s).', params: { max: 5 },
    });
    assert.deepEqual(await text.validate('ABC', f, ctx()), { code: 'validation_invalid_format', message: 'Invalid value format.' });
    assert.equal(await text.validate('ééééé', f, ctx()), undefined); // 5 runes, 10 bytes
    assert.equal(await text.validate('', makeField('text'), ctx()), undefined);
  });

  it('caps text at 5000 runes when max is 0', async () => {
    const f = makeField('text');
    assert.equal(await text.validate('é'.repeat(5000), f, ctx()), undefined);
    assert.deepEqual((await text.validate('é'.repeat(5001), f, ctx()))?.params, { max: 5000 });
  });

  it('checks custom ids for file-system safety and case-insensitive duplicates', async () => {
    const c = makeCollection({ name: 'pk_things' });
    await store.exec('CREATE TABLE `pk_things` (id TEXT PRIMARY KEY)');
    await store.run('INSERT INTO `pk_things` (id) VALUES (?)', ['abc']);
    const f = makeField('text', { primaryKey: true, required: true, min: 1, max: 20, pattern: '^[a-zA-Z0-9.:]+$' }, 'id');
    const c2 = valueContext(store, c);
    assert.equal(await text.validate('xyz', f, c2), undefined);
    assert.deepEqual(await text.validate('ABC', f, c2), {
      code: 'validation_pk_invalid', message: 'The record primary key is invalid or already exists.',
    });
    assert.deepEqual(await text.validate('a.b', f, c2), {
      code: 'validation_forbidden_pk_character', message: "'.' is not a valid primary key character.", params: { ch: '.' },
    });
    assert.deepEqual(await text.validate('con', f, c2), {
      code: 'validation_reserved_pk', message: "The primary key 'CON' is reserved and cannot be used.", params: { reserved: 'CON' },
    });
    assert.equal(await text.validate('ABC', f, valueContext(store, c, [], false)), undefined, 'stored ids are trusted');
  });

  it('applies the stock id rules without touching the database', async () => {
    const id = idField();
    const c = valueContext(store, makeCollection({ name: 'no_such_table' }));
    assert.equal(await text.validate('abcdefghijklmno', id, c), undefined);
    assert.equal((await text.validate('short', id, c))?.code, 'validation_min_text_constraint');
    assert.equal((await text.validate('ABCDEFGHIJKLMNO', id, c))?.code, 'validation_invalid_format');
  });

  it('stores and reads text', () => {
    const f = makeField('text');
    assert.equal(text.column(f), 'text');
    assert.equal(text.zero(f), '');
    assert.equal(text.toDb('x', f), 'x');
    assert.equal(text.fromDb(null, f), '');
    assert.equal(text.fromDb(12, f), '12');
  });
});
