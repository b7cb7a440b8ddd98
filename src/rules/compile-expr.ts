import type { ComparisonNode, ExprNode, OperandNode } from '../filter/ast.js';
import { FilterError } from '../filter/filter-error.js';
import { findField } from '../records/model.js';
import { compare } from './comparison.js';
import { resolveFunction } from './functions.js';
import { macroValue } from './macros.js';
import { nullOperand, valueType, type Operand } from './operand.js';
import type { Resolver } from './resolver.js';
import { joinSql, param, raw, type Sql } from './sql-fragment.js';

/** An expression node as a SQL condition; joins it needs are registered in `r.scope`. */
export function compileExpr(node: ExprNode, r: Resolver): Sql {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.items.map((item) => compileExpr(item, r));
      const joined = joinSql(parts, node.kind === 'and' ? ' AND ' : ' OR ');
      return { text: `(${joined.text})`, params: joined.params };
    }
    case 'comparison':
      return compileComparison(node, r);
    default: {
      const never: never = node;
      throw new Error(`unhandled node ${JSON.stringify(never)}`);
    }
  }
}

function compileComparison(node: ComparisonNode, r: Resolver): Sql {
  const left = operandOrFail(node.left, r, 'left');
  const right = operandOrFail(node.right, r, 'right');
  return compare(r.env, left, node.op, right);
}

/** PocketBase words every resolution failure as "invalid left/right operand ...". */
function operandOrFail(node: OperandNode, r: Resolver, side: 'left' | 'right'): Operand {
  try {
    return resolveOperand(node, r);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    const literal = node.kind === 'identifier' || node.kind === 'function' ? node.name : node.kind === 'text' ? node.value : node.raw;
    throw new FilterError(`invalid ${side} operand ${JSON.stringify(literal)} - ${err.detail}`, node.pos);
  }
}

/** Literal words that stand for SQL constants when no field of that name exists. */
function literalWord(word: string, r: Resolver): Operand | undefined {
  if (word === 'null') return nullOperand;
  if (word !== 'true' && word !== 'false') return undefined;
  return { expr: raw(r.env.dialect.bool(word === 'true')), type: 'bool', fallback: 'auto', isConst: true };
}

export function resolveOperand(node: OperandNode, r: Resolver): Operand {
  switch (node.kind) {
    case 'text':
      return { expr: param(node.value), type: 'text', fallback: 'auto' };
    case 'number':
      return { expr: param(node.value), type: 'number', fallback: 'auto' };
    case 'function':
      return resolveFunction(node, r, (arg) => resolveOperand(arg, r));
    case 'identifier': {
      const macro = macroValue(node.name);
      if (macro !== undefined) return { expr: param(macro), type: valueType(macro), fallback: 'auto' };
      // a bare true/false/null naming no field of the base is a literal: decided without letting
      // the resolver build and throw an error (that cost a tenth of a get-one request)
      const bare = /^(true|false|null)$/i.test(node.name) && !findField(r.base, node.name) ? literalWord(node.name.toLowerCase(), r) : undefined;
      if (bare) return bare;
      try {
        return r.resolveField(node.name);
      } catch (err) {
        const word = literalWord(node.name.toLowerCase(), r);
        if (word && err instanceof FilterError) return word;
        throw err;
      }
    }
    default: {
      const never: never = node;
      throw new Error(`unhandled operand ${JSON.stringify(never)}`);
    }
  }
}
