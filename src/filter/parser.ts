import * as ast from './ast.js';
import type { ExprNode, OperandNode } from './ast.js';
import { FilterError } from './filter-error.js';
import { tokenize, type Token } from './lexer.js';
import { comparisonsMax, filterLengthMax, functionArgsMax, functionNestingMax, groupDepthMax } from './limits.js';

/**
 * Filter text → frozen AST. Grammar (joins map 1:1 to SQL, so AND binds tighter than OR):
 *
 *   expr       := and ('||' and)*
 *   and        := primary ('&&' primary)*
 *   primary    := '(' expr ')' | operand sign operand
 *   operand    := identifier | text | number | call
 *   call       := identifier '(' [operand (',' operand)* [',']] ')'   // no space before '('
 */
export function parseFilter(expression: string): ExprNode {
  const cached = cache.get(expression);
  if (cached) return cached;
  if (Buffer.byteLength(expression, 'utf8') > filterLengthMax) throw new FilterError('max filter length limit reached');
  const tokens = tokenize(expression);
  if (tokens.length === 1) throw new FilterError('empty filter expression');
  const parser = new Parser(tokens);
  const node = parser.expression(0);
  const rest = parser.peek();
  if (rest.kind !== 'eof') throw unexpected(rest, 'expected && or ||');
  remember(expression, node);
  return node;
}

/** Parsed trees by text; a pure function of the text, so entries never go stale. */
const cache = new Map<string, ExprNode>();
const cacheEntriesMax = 500;

function remember(expression: string, node: ExprNode) {
  if (cache.size >= cacheEntriesMax) cache.delete(cache.keys().next().value!);
  cache.set(expression, node);
}

function unexpected(t: Token, expected: string): FilterError {
  if (t.kind === 'eof') return new FilterError('invalid or incomplete filter expression', t.pos);
  return new FilterError(`${expected}, got ${JSON.stringify(t.value)}`, t.pos);
}

class Parser {
  private i = 0;
  private comparisons = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  expression(depth: number): ExprNode {
    return this.chain('or', '||', () => this.chain('and', '&&', () => this.primary(depth)));
  }

  private chain(kind: 'and' | 'or', join: string, item: () => ExprNode): ExprNode {
    const first = item();
    const items = [first];
    while (this.peek().kind === 'join' && this.peek().value === join) {
      this.next();
      items.push(item());
    }
    return items.length === 1 ? first : ast.logical(kind, items, first.pos);
  }

  private primary(depth: number): ExprNode {
    const t = this.peek();
    if (t.kind === 'lparen') {
      if (depth >= groupDepthMax) throw new FilterError(`max nested groups reached (max: ${groupDepthMax})`, t.pos);
      this.next();
      if (this.peek().kind === 'rparen') throw new FilterError('empty filter expression', t.pos);
      const inner = this.expression(depth + 1);
      const close = this.next();
      if (close.kind !== 'rparen') {
        throw close.kind === 'eof' ? new FilterError('invalid formatted group - missing closing bracket', t.pos) : unexpected(close, 'expected && or ||');
      }
      return inner;
    }
    const left = this.operand(0, 'expected left operand (identifier, function, text or number)');
    const sign = this.next();
    if (sign.kind !== 'sign') throw unexpected(sign, 'expected a sign operator');
    const right = this.operand(0, 'expected right operand (identifier, function, text or number)');
    if (++this.comparisons > comparisonsMax) throw new FilterError('max filter expressions limit reached', t.pos);
    return ast.comparison(sign.value as ast.Operator, left, right, t.pos);
  }

  /** `nesting` counts enclosing function calls. */
  private operand(nesting: number, expected: string): OperandNode {
    const t = this.next();
    switch (t.kind) {
      case 'text':
        return ast.text(t.value, t.pos);
      case 'number':
        return ast.number(toNumber(t.value), t.value, t.pos);
      case 'identifier': {
        const open = this.peek();
        if (open.kind !== 'lparen' || open.pos !== t.end) return ast.identifier(t.value, t.pos);
        return this.call(t, nesting);
      }
      default:
        throw unexpected(t, expected);
    }
  }

  private call(name: Token, nesting: number): OperandNode {
    if (nesting > functionNestingMax) throw new FilterError(`max nested function arguments reached (max: ${functionNestingMax})`, name.pos);
    this.next(); // '('
    const args: OperandNode[] = [];
    for (;;) {
      if (this.peek().kind === 'rparen') break;
      if (args.length >= functionArgsMax) throw new FilterError(`too many arguments in function ${JSON.stringify(name.value)}`, this.peek().pos);
      args.push(this.operand(nesting + 1, `unsupported argument in function ${JSON.stringify(name.value)}`));
      const sep = this.peek();
      if (sep.kind === 'comma') this.next();
      else if (sep.kind !== 'rparen') throw unexpected(sep, `expected comma after the last argument in function ${JSON.stringify(name.value)}`);
    }
    this.next(); // ')'
    return ast.call(name.value, args, name.pos);
  }
}

/** Like PocketBase, a literal too large for a float64 silently becomes 0. */
function toNumber(raw: string): number {
  const n = Number(raw);
  return Number.isFinite(n) ? n : 0;
}
