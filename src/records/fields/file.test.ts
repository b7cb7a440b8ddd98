import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { file, fileNames } from './file.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('file options', () => {
  it('reports every option with PocketBase defaults', () => {
    const { field, errors } = normalize('file', { mimeTypes: null, thumbs: null });
    assert.equal(errors, undefined);
    assert.deepEqual(Object.keys(field), [
      'help', 'hidden', 'id', 'maxSelect', 'maxSize', 'mimeTypes', 'name', 'presentable', 'protected', 'required',
      'system', 'thumbs', 'type',
    ]);
    assert.deepEqual(file.defaults(), {
      help: '', maxSelect: 0, maxSize: 0, mimeTypes: [], thumbs: [], protected: false, required: false,
    });
  });
  it('checks sizes and thumb formats', () => {
    assert.deepEqual(normalize('file', { thumbs: ['0x0', '100x100', 'abc', '10x10z', ''], maxSelect: -1, maxSize: -1 }).errors, {
      maxSelect: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } },
      maxSize: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 0.', params: { threshold: 0 } },
      thumbs: {
        '0': { code: 'validation_not_in_invalid', message: 'Must not be in list.' },
        '2': { code: 'validation_match_invalid', message: 'Must be in a valid format.' },
        '3': { code: 'validation_match_invalid', message: 'Must be in a valid format.' },
      },
    });
  });
});

describe('file values (names only)', () => {
  const single = makeField('file');
  const multi = makeField('file', { maxSelect: 2 });
  it('reads nested items one by one', () => {
    assert.deepEqual(fileNames(['a.png', ['b.png'], { x: 1 }, null, 'a.png']), ['a.png', 'b.png']);
    assert.equal(file.prepare(['a.png', 'b.png'], single), 'b.png');
    assert.deepEqual(file.prepare('a.png', multi), ['a.png']);
  });
  it('applies modifiers', () => {
    assert.deepEqual(file.modify?.(['a.png'], 'append', 'b.png', multi), ['a.png', 'b.png']);
    assert.deepEqual(file.modify?.(['a.png', 'b.png'], 'subtract', ['a.png'], multi), ['b.png']);
    assert.deepEqual(file.modify?.(['a.png'], 'prepend', 'b.png', multi), ['b.png', 'a.png']);
  });
  it('limits the number of files', async () => {
    const ctx = { ...plainContext(), original: { [multi.name]: ['a', 'b', 'c'] } };
    assert.deepEqual(await file.validate(['a', 'b', 'c'], multi, ctx), {
      code: 'validation_too_many_files', message: 'The maximum allowed files is 2.', params: { maxSelect: 2 },
    });
    assert.equal((await file.validate(['a', 'b'], { ...single, name: multi.name }, ctx))?.params?.maxSelect, 1);
    assert.equal((await file.validate([], makeField('file', { required: true }), ctx))?.code, 'validation_required');
    assert.equal(await file.validate(['a', 'b'], multi, ctx), undefined);
  });
  it('refuses names that came with no upload', async () => {
    const ctx = { ...plainContext(), original: { [multi.name]: ['old.png'] } };
    assert.equal(await file.validate(['old.png'], multi, ctx), undefined);
    assert.deepEqual(await file.validate(['old.png', 'x.png', 'y.png'], multi, ctx), {
      code: 'validation_invalid_file', message: 'Invalid new files: [x.png y.png].', params: { invalidFiles: ['x.png', 'y.png'] },
    });
  });
  it('checks uploads by size and sniffed type', async () => {
    const field = makeField('file', { maxSelect: 2, maxSize: 10, mimeTypes: ['image/png', 'text/plain'] });
    const upload = (name: string, size: number, contentType: string) => [name, { key: field.name, originalName: 'Orig ' + name, name, size, contentType, path: '' }] as const;
    const validate = (u: ReturnType<typeof upload>) => file.validate([u[0]], field, { ...plainContext(), uploads: new Map([u]) });
    assert.equal(await validate(upload('a.png', 10, 'image/png')), undefined);
    assert.equal(await validate(upload('a.txt', 3, 'text/plain; charset=utf-8')), undefined);
    assert.deepEqual(await validate(upload('a.png', 11, 'image/png')), {
      code: 'validation_file_size_limit', message: 'Failed to upload Orig a.png - the maximum allowed file size is 10 bytes.', params: { file: 'Orig a.png', maxSize: 10 },
    });
    assert.deepEqual(await validate(upload('a.png', 5, 'text/html; charset=utf-8')), {
      code: 'validation_invalid_mime_type', message: '"a.png" mime type must be one of: image/png, text/plain.',
    });
  });
  it('stores like select', () => {
    assert.equal(file.toDb(['a', 'b'], multi), '["a","b"]');
    assert.equal(file.toDb(['a', 'b'], single), 'b');
    assert.deepEqual(file.fromDb('["a"]', multi), ['a']);
    assert.equal(file.fromDb(null, single), '');
  });
});
