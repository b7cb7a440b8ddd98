/**
 * The filter syntax tree: plain frozen data. Every node has a `kind` and the 0-based `pos` of its
 * first character in the expression. The tree knows nothing of collections or SQL.
 */

export const operators = [
  '=', '!=', '>', '>=', '<', '<=', '~', '!~',
  '?=', '?!=', '?>', '?>=', '?<', '?<=', '?~', '?!~',
] as const;
export type Operator = (typeof operators)[number];

export interface IdentifierNode {
  readonly kind: 'identifier';
  /** As written, modifiers included: `author.name`, `tags:each`, `@request.auth.id`. */
  readonly name: string;
  readonly pos: number;
}

export interface TextNode {
  readonly kind: 'text';
  /** Unquoted and unescaped. */
  readonly value: string;
  readonly pos: number;
}

export interface NumberNode {
  readonly kind: 'number';
  readonly value: number;
  readonly raw: string;
  readonly pos: number;
}

export interface FunctionNode {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly OperandNode[];
  readonly pos: number;
}

export type OperandNode = IdentifierNode | TextNode | NumberNode | FunctionNode;

export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly op: Operator;
  readonly left: OperandNode;
  readonly right: OperandNode;
  readonly pos: number;
}

/** `&&` / `||` chains; SQL precedence (AND before OR) is already applied by the parser. */
export interface LogicalNode {
  readonly kind: 'and' | 'or';
  readonly items: readonly ExprNode[];
  readonly pos: number;
}

export type ExprNode = ComparisonNode | LogicalNode;
export type Node = ExprNode | OperandNode;

export function isAnyOperator(op: Operator): boolean {
  return op.startsWith('?');
}

/** The operator without its `?` ("any") prefix. */
export function baseOperator(op: Operator): Exclude<Operator, `?${string}`> {
  return (op.startsWith('?') ? op.slice(1) : op) as Exclude<Operator, `?${string}`>;
}

const freeze = Object.freeze;

export const identifier = (name: string, pos: number): IdentifierNode => freeze({ kind: 'identifier', name, pos });
export const text = (value: string, pos: number): TextNode => freeze({ kind: 'text', value, pos });
export const number = (value: number, raw: string, pos: number): NumberNode => freeze({ kind: 'number', value, raw, pos });
export const call = (name: string, args: OperandNode[], pos: number): FunctionNode =>
  freeze({ kind: 'function', name, args: freeze(args), pos });
export const comparison = (op: Operator, left: OperandNode, right: OperandNode, pos: number): ComparisonNode =>
  freeze({ kind: 'comparison', op, left, right, pos });
export const logical = (kind: 'and' | 'or', items: ExprNode[], pos: number): LogicalNode =>
  freeze({ kind, items: freeze(items), pos });
