import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editor, editorBytesMaxDefault } from './editor.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('editor', () => {
  it('fills options and checks maxSize', () => {
    assert.deepEqual(editor.defaults(), { help: '', maxSize: 0, convertURLs: false, required: false });
    assert.equal(normalize('editor', { maxSize: -1 }).errors?.maxSize?.code, 'validation_min_greater_equal_than_required');
    assert.equal(normalize('editor', { maxSize: 2 ** 53 + 2 }).errors?.maxSize?.code, 'validation_max_less_equal_than_required');
  });
  it('limits content bytes', async () => {
    const ctx = plainContext();
    const f = makeField('editor', { maxSize: 10 });
    assert.deepEqual(await editor.validate('12345678901', f, ctx), {
      code: 'validation_content_size_limit', message: 'The maximum allowed content size is 10 bytes.', params: { maxSize: 10 },
    });
    assert.equal((await editor.validate('ééééé', f, ctx)), undefined, '10 bytes');
    assert.equal((await editor.validate('éééééé', f, ctx))?.code, 'validation_content_size_limit');
    assert.deepEqual((await editor.validate('x'.repeat(editorBytesMaxDefault + 1), makeField('editor'), ctx))?.params, {
      maxSize: 5242880,
    });
    assert.equal((await editor.validate('', makeField('editor', { required: true }), ctx))?.code, 'validation_required');
  });
  it('stringifies input', () => {
    assert.equal(editor.prepare(12, makeField('editor')), '12');
    assert.equal(editor.fromDb(null, makeField('editor')), '');
  });
});
