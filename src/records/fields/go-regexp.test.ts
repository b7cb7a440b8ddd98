import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegexOption, compileGoRegexp, matchesGoRegexp } from './go-regexp.js';

describe('Go regexp refusals', () => {
  it('words errors as PocketBase returns them', () => {
    // Messages copied from PocketBase 0.40.4 responses to the same patterns.
    const cases: [string, string][] = [
      ['(a', 'Error parsing regexp: missing closing ): `(a`.'],
      ['a)', 'Error parsing regexp: unexpected ): `a)`.'],
      ['[a', 'Error parsing regexp: missing closing ]: `[a`.'],
      ['*a', 'Error parsing regexp: missing argument to repetition operator: `*`.'],
      ['a**', 'Error parsing regexp: invalid nested repetition operator: `**`.'],
      ['[z-a]', 'Error parsing regexp: invalid character class range: `z-a`.'],
      ['a(?=b)', 'Error parsing regexp: invalid or unsupported Perl syntax: `(?=`.'],
      ['\\1', 'Error parsing regexp: invalid escape sequence: `\\1`.'],
      ['a{1001}', 'Error parsing regexp: invalid repeat count: `{1001}`.'],
    ];
    for (const [pattern, message] of cases) {
      assert.deepEqual(checkRegexOption(pattern), { code: 'validation_invalid_regex', message }, pattern);
    }
  });
  it('accepts what RE2 accepts even where JavaScript syntax differs', () => {
    for (const p of ['(?i)abc', '\\:', '{x}', 'a{,3}', 'a]', '[]a]', '\\pL+', '\\x{41}', '\\Q.*\\E', '[[:alpha:]]', '(?P<n>a)', '[\\w-]+']) {
      assert.equal(checkRegexOption(p), undefined, p);
    }
    assert.equal(checkRegexOption(''), undefined);
  });
});

describe('Go regexp matching', () => {
  it('keeps RE2 meaning after translation', () => {
    const cases: [string, string, boolean][] = [
      ['^[a-z0-9]+$', 'abc123', true],
      ['^[a-z0-9]+$', 'ABC', false],
      ['(?i)^abc$', 'ABC', true],
      ['^a\\:b$', 'a:b', true],
      ['^\\Q.*\\E$', '.*', true],
      ['^\\Q.*\\E$', 'ab', false],
      ['^[[:alpha:]]+$', 'abcXYZ', true],
      ['^[[:alpha:]]+$', 'ab1', false],
      ['^\\pL+$', 'héllo', true],
      ['^a.c$', 'a\nc', false], // . never matches \n
      ['^a.c$', 'a\rc', true], // but does match \r, unlike JavaScript's .
      ['(?s)^a.c$', 'a\nc', true],
      ['^a\\sb$', 'a\u00a0b', false], // \s is ASCII-only in Go
      ['abc\\z', 'xabc', true],
      ['abc\\z', 'abc\n', false],
      ['^a{2}$', 'aa', true],
      ['^{x}$', '{x}', true],
      ['^\\x{41}$', 'A', true],
      ['b', 'abc', true], // unanchored search, as regexp.MatchString
    ];
    for (const [pattern, value, want] of cases) assert.equal(matchesGoRegexp(pattern, value), want, `${pattern} ~ ${JSON.stringify(value)}`);
  });
  it('never matches with an invalid pattern', () => {
    assert.equal(typeof compileGoRegexp('(a'), 'string');
    assert.equal(matchesGoRegexp('(a', '(a'), false);
  });
});
