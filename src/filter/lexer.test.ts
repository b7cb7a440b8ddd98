import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from './filter-error.js';
import { tokenize } from './lexer.js';

const kinds = (s: string) => tokenize(s).map((t) => `${t.kind}:${t.value}`);

function fails(input: string, position: number, detail?: RegExp) {
  assert.throws(() => tokenize(input), (err: unknown) => {
    assert.ok(err instanceof FilterError, `expected FilterError for ${JSON.stringify(input)}`);
    assert.equal(err.status, 400);
    assert.equal(err.position, position, `position for ${JSON.stringify(input)}: ${err.detail}`);
    if (detail) assert.match(err.detail, detail);
    return true;
  });
}

test('splits a comparison chain into tokens with positions', () => {
  const tokens = tokenize('a.b:each ?!= "x" && n>=-1.5');
  assert.deepEqual(tokens.map((t) => [t.kind, t.value, t.pos]), [
    ['identifier', 'a.b:each', 0], ['sign', '?!=', 9], ['text', 'x', 13], ['join', '&&', 17],
    ['identifier', 'n', 20], ['sign', '>=', 21], ['number', '-1.5', 23], ['eof', '', 27],
  ]);
});

test('identifiers start with a letter, @, _ or # and may hold . and :', () => {
  assert.deepEqual(kinds('@request.auth.id _x #y a1_b.c:d'), [
    'identifier:@request.auth.id', 'identifier:_x', 'identifier:#y', 'identifier:a1_b.c:d', 'eof:',
  ]);
});

test('every operator, including the any-variants', () => {
  for (const op of ['=', '!=', '>', '>=', '<', '<=', '~', '!~', '?=', '?!=', '?>', '?>=', '?<', '?<=', '?~', '?!~']) {
    assert.deepEqual(kinds(`a${op}1`), ['identifier:a', `sign:${op}`, 'number:1', 'eof:']);
  }
});

test('only space, tab and newline are whitespace', () => {
  assert.deepEqual(kinds('a\t=\n1'), ['identifier:a', 'sign:=', 'number:1', 'eof:']);
  fails('a = 1\r', 5, /unexpected character/);
  fails('a = 1\u00a0', 5);
  fails('a\v= 1', 1);
});

test('comments run to the end of the line', () => {
  assert.deepEqual(kinds('a = 1 // x = "unterminated\nb = 2'), ['identifier:a', 'sign:=', 'number:1', 'identifier:b', 'sign:=', 'number:2', 'eof:']);
  assert.deepEqual(kinds('// only a comment'), ['eof:']);
  fails('a = 1 / 2', 6, /invalid comment/);
});

test('text: both quote kinds, backslash escapes as PocketBase decodes them', () => {
  const value = (s: string) => tokenize(s)[0].value;
  assert.equal(value(`"say \\"hi\\""`), 'say "hi"');
  assert.equal(value(`'it\\'s'`), "it's");
  assert.equal(value(`"it\\'s"`), "it's");
  assert.equal(value(`'q\\"uote'`), 'q"uote');
  assert.equal(value(`"a\\\\"`), 'a\\');
  assert.equal(value(`"a\\nb\\tc\\rd"`), 'a\nb\tc\rd');
  // Unknown escapes stay as written.
  assert.equal(value(`"back\\slash \\u0041 \\x41 \\a \\%"`), 'back\\slash \\u0041 \\x41 \\a \\%');
  assert.equal(value(`"multi\nline"`), 'multi\nline');
  assert.equal(value(`""`), '');
  assert.equal(value(`"日本 🚀"`), '日本 🚀');
});

test('unterminated text reports where it starts', () => {
  fails('a = "abc', 4, /missing closing quote/);
  fails(`a = 'abc\\'`, 4);
  fails('a = "end\\"', 4);
});

test('numbers: optional leading minus, one dot, no dangling dot', () => {
  assert.deepEqual(kinds('1 -2 3.25 -.5 007'), ['number:1', 'number:-2', 'number:3.25', 'number:-.5', 'number:007', 'eof:']);
  fails('a = 5.', 4, /invalid number/);
  fails('a = -', 4, /invalid number/);
  fails('a = --1', 4, /invalid number/);
  fails('a = 1.2.3', 7, /unexpected character/);
  fails('a = .5', 4, /unexpected character/);
});

test('invalid identifiers, signs, joins and characters', () => {
  fails('a. = 1', 0, /invalid identifier/);
  fails('a: = 1', 0, /invalid identifier/);
  fails('@ = 1', 0, /invalid identifier/);
  fails('_ = 1', 0, /invalid identifier/);
  fails('a == 1', 2, /invalid sign operator/);
  fails('a =! 1', 2, /invalid sign operator/);
  fails('a = 1 &&& b = 1', 6, /invalid join operator/);
  fails('a = 1 & b = 1', 6, /invalid join operator/);
  fails('a = 1; DROP TABLE x', 5, /unexpected character ";"/);
  fails('é = 1', 0, /unexpected character "é"/);
  fails('a = `x`', 4);
  fails('a = 1 🚀', 6, /unexpected character "🚀"/);
});

test('parentheses and commas are their own tokens', () => {
  assert.deepEqual(kinds('f(a, 1,)'), ['identifier:f', 'lparen:(', 'identifier:a', 'comma:,', 'number:1', 'comma:,', 'rparen:)', 'eof:']);
  const [name, paren] = tokenize('f(');
  assert.equal(paren.pos, name.end, 'a call has no space before "("');
});
