import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { json } from './json.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('json', () => {
  const f = makeField('json');
  it('fills options', () => {
    assert.deepEqual(json.defaults(), { help: '', maxSize: 0, required: false });
    assert.equal(normalize('json', { maxSize: -5 }).errors?.maxSize?.code, 'validation_min_greater_equal_than_required');
  });
  it('reads JSON-looking text as JSON and anything else as a string', () => {
    const cases: [unknown, unknown][] = [
      ['{"a":1}', { a: 1 }], ['[1,2]', [1, 2]], ['-5', -5], ['"quoted"', 'quoted'], ['null', null], ['true', true],
      ['hello', 'hello'], ['123abc', '123abc'], ['[1,2', '[1,2'], [' {"a":1}', ' {"a":1}'], ['01', '01'], ['', ''],
      [{ a: [1] }, { a: [1] }], [5, 5], [null, null], [undefined, null],
    ];
    for (const [input, want] of cases) assert.deepEqual(json.prepare(input, f), want, JSON.stringify(input));
  });
  it('orders keys of non-text input, as Go re-encodes it', () => {
    const out = json.prepare({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }] } }, f);
    assert.equal(JSON.stringify(out), '{"a":{"c":[{"y":2,"z":1}],"d":1},"b":1}');
    assert.equal(JSON.stringify(json.prepare('{"b":1,"a":2}', f)), '{"b":1,"a":2}', 'text keeps its order');
  });
  it('refuses what Go cannot encode: control characters in text, float64 overflow', async () => {
    const invalid = { code: 'validation_invalid_json', message: 'Must be a valid json value.' };
    for (const input of ['a\u0007b', 'a\u000bb', '\u007f', '1e400']) {
      assert.deepEqual(await json.validate(json.prepare(input, f), f, plainContext()), invalid, JSON.stringify(input));
    }
    for (const input of ['tab\there', 'nl\nx', '"\\u0007"', '1e308']) {
      assert.equal(await json.validate(json.prepare(input, f), f, plainContext()), undefined, JSON.stringify(input));
    }
  });
  it('limits size and treats null, "", [] and {} as blank', async () => {
    const ctx = plainContext();
    assert.deepEqual(await json.validate('a'.repeat(30), makeField('json', { maxSize: 20 }), ctx), {
      code: 'validation_json_size_limit', message: 'The maximum allowed JSON size is 20 bytes.', params: { maxSize: 20 },
    });
    const req = makeField('json', { required: true });
    for (const blank of [null, '', [], {}]) assert.equal((await json.validate(blank, req, ctx))?.code, 'validation_required');
    for (const filled of [0, false, ' ', [0], { a: null }]) assert.equal(await json.validate(filled, req, ctx), undefined);
  });
  it('stores JSON text, NULL for null', () => {
    assert.equal(json.toDb({ a: 1 }, f), '{"a":1}');
    assert.equal(json.toDb('x', f), '"x"');
    assert.equal(json.toDb(null, f), null);
    assert.deepEqual(json.fromDb('{"a":1}', f), { a: 1 });
    assert.equal(json.fromDb(123, f), 123, 'SQLite numeric affinity');
    assert.equal(json.fromDb(null, f), null);
    assert.equal(json.fromDb('not json', f), 'not json');
    assert.equal(json.column(f), 'json');
    assert.equal(json.zero(f), null);
  });
});
