import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractExtension, fileBaseName, isPlainFileName, normalizeFileName, snakecase } from './file-name.js';

// Expected names were taken from PocketBase 0.40.4 storing the same uploads.
const r = '[a-z0-9]{10}';

describe('stored file names', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['My Photo.jpg', '', new RegExp(`^my_photo_${r}\\.jpg$`)],
    ['a.png', '', new RegExp(`^a${r}_${r}\\.png$`)],
    ['ab', '.png', new RegExp(`^ab${r}_${r}\\.png$`)],
    ['.hidden', '', new RegExp(`^${r}_${r}\\.hidden$`)],
    ['x.tar.gz', '', new RegExp(`^x${r}_${r}\\.tar\\.gz$`)],
    ['some.weird.name.PNG', '', new RegExp(`^some_weird_${r}\\.name\\.PNG$`)],
    ['ÜnicodeNäme.png', '', new RegExp(`^nicode_n_me_${r}\\.png$`)],
    ['CamelCaseFile.PNG', '', new RegExp(`^camel_case_file_${r}\\.PNG$`)],
    ['ABCDef.txt', '', new RegExp(`^abcdef_${r}\\.txt$`)],
    ['noext', '.png', new RegExp(`^noext_${r}\\.png$`)],
    ['noext', '', new RegExp(`^noext_${r}$`)],
    ['file.ex$t!', '', new RegExp(`^file_${r}\\.ext$`)],
    ['x'.repeat(200) + '.png', '', new RegExp(`^x{100}_${r}\\.png$`)],
    ['longext.' + 'e'.repeat(30), '', new RegExp(`^longext_${r}\\.e{20}$`)],
  ];
  for (const [original, detected, expected] of cases) {
    it(`${JSON.stringify(original.slice(0, 40))} → ${expected.source}`, () => assert.match(normalizeFileName(original, detected), expected));
  }
  it('draws a new suffix every time', () => {
    assert.notEqual(normalizeFileName('a.txt', ''), normalizeFileName('a.txt', ''));
  });
  it('splits words like PocketBase', () => {
    assert.equal(snakecase('myTestDB'), 'my_test_db');
    assert.equal(snakecase('  Hello   World-2 '), 'hello_world_2');
    assert.equal(snakecase('__x__'), 'x');
  });
  it('keeps double extensions', () => {
    assert.equal(extractExtension('test.a.tar.gz'), '.tar.gz');
    assert.equal(extractExtension('test.txt'), '.txt');
    assert.equal(extractExtension('test'), '');
  });
  it('uses only the last path element of a client name, as Go does', () => {
    assert.equal(fileBaseName('../../etc/passwd'), 'passwd');
    assert.equal(fileBaseName('a b/c\\d.txt'), 'c\\d.txt');
    assert.equal(fileBaseName('dir/'), 'dir');
    assert.equal(fileBaseName('/'), '/');
  });
  it('never makes a name that could leave its folder', () => {
    for (const evil of ['../../x.png', '..', '.', '/', '\\..\\x', 'a/../../b', '....', '%2e%2e%2f', '\0.png']) {
      const name = normalizeFileName(fileBaseName(evil), '');
      assert.ok(isPlainFileName(name), `${evil} → ${name}`);
      assert.match(name, /^[a-z0-9_]+_[a-z0-9]{10}(\.[\w.*\-+=#]+)?$/);
    }
  });
  it('tells plain names from paths', () => {
    for (const bad of ['', '.', '..', '.env', 'a/b', 'a\\b', 'a\0b']) assert.equal(isPlainFileName(bad), false, bad);
    assert.equal(isPlainFileName('photo_abc.png'), true);
  });
});
