import { operators, type Operator } from './ast.js';
import { FilterError } from './filter-error.js';

/**
 * Tokens of the filter language, following PocketBase's scanner (fexpr) character for character:
 * only space, tab and newline are whitespace; identifiers are ASCII; quotes escape with a backslash.
 */
export type TokenKind = 'identifier' | 'text' | 'number' | 'sign' | 'join' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, unescaped text, number literal, operator or punctuation. */
  readonly value: string;
  readonly pos: number;
  /** Offset just past the token: a `(` at `end` of an identifier makes it a function call. */
  readonly end: number;
}

const signs = new Set<string>(operators);
const signChars = new Set('=?!<>~');
/** Escapes PocketBase decodes inside quotes; any other backslash pair is kept as written. */
const escapes: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t' };

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\n';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => isLetter(c) || c === '@' || c === '_' || c === '#';
const isIdentPart = (c: string) => isLetter(c) || isDigit(c) || c === '_' || c === '.' || c === ':';

export function isOperator(s: string): s is Operator {
  return signs.has(s);
}

/** Splits an expression into tokens, dropping whitespace and `//` comments; ends with `eof`. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, pos: number) => tokens.push({ kind, value, pos, end: i });
  while (i < input.length) {
    const c = input[i];
    const start = i;
    if (isWhitespace(c)) {
      i++;
    } else if (c === '/') {
      if (input[i + 1] !== '/') throw new FilterError('invalid comment', i);
      while (i < input.length && input[i] !== '\n') i++;
    } else if (c === '(' || c === ')' || c === ',') {
      i++;
      push(c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', c, start);
    } else if (isIdentStart(c)) {
      i = scanIdentifier(input, i);
      push('identifier', input.slice(start, i), start);
    } else if (c === '-' || isDigit(c)) {
      i = scanNumber(input, i);
      push('number', input.slice(start, i), start);
    } else if (c === '"' || c === "'") {
      const [value, next] = scanText(input, i);
      i = next;
      push('text', value, start);
    } else if (signChars.has(c)) {
      while (i < input.length && signChars.has(input[i])) i++;
      const sign = input.slice(start, i);
      if (!isOperator(sign)) throw new FilterError(`invalid sign operator ${JSON.stringify(sign)}`, start);
      push('sign', sign, start);
    } else if (c === '&' || c === '|') {
      while (i < input.length && (input[i] === '&' || input[i] === '|')) i++;
      const join = input.slice(start, i);
      if (join !== '&&' && join !== '||') throw new FilterError(`invalid join operator ${JSON.stringify(join)}`, start);
      push('join', join, start);
    } else {
      throw new FilterError(`unexpected character ${JSON.stringify(String.fromCodePoint(input.codePointAt(i)!))}`, i);
    }
  }
  tokens.push({ kind: 'eof', value: '', pos: i, end: i });
  return tokens;
}

function scanIdentifier(input: string, i: number): number {
  const start = i++;
  while (i < input.length && isIdentPart(input[i])) i++;
  const name = input.slice(start, i);
  const last = name[name.length - 1];
  // A lone `@`, `_` or `#` names nothing; a trailing `.`/`:` is an unfinished path.
  if (last === '.' || last === ':' || (name.length === 1 && !isLetter(name))) {
    throw new FilterError(`invalid identifier ${JSON.stringify(name)}`, start);
  }
  return i;
}

function scanNumber(input: string, i: number): number {
  const start = i;
  let dot = false;
  if (input[i] === '-') i++;
  while (i < input.length && (isDigit(input[i]) || (input[i] === '.' && !dot))) {
    if (input[i] === '.') dot = true;
    i++;
  }
  const raw = input.slice(start, i);
  if (raw === '-' || raw.endsWith('.')) throw new FilterError(`invalid number ${JSON.stringify(raw)}`, start);
  return i;
}

/** Returns the unescaped text and the offset after the closing quote. */
function scanText(input: string, i: number): [string, number] {
  const quote = input[i];
  const start = i++;
  let out = '';
  while (i < input.length) {
    const c = input[i];
    if (c === quote) return [out, i + 1];
    if (c === '\\' && i + 1 < input.length) {
      const next = input[i + 1];
      out += escapes[next] ?? c + next;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new FilterError('invalid quoted text: missing closing quote', start);
}
