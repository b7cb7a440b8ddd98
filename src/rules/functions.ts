import type { FunctionNode, OperandNode } from '../filter/ast.js';
import { FilterError } from '../filter/filter-error.js';
import { asNumber } from './comparison.js';
import type { Operand } from './operand.js';
import type { Resolver } from './resolver.js';
import { sql, viaDialect, type Sql } from './sql-fragment.js';

type ResolveArg = (node: OperandNode) => Operand;

/** Filter functions: `geoDistance(lonA, latA, lonB, latB)` and `strftime(format, [time, mods...])`. */
export function resolveFunction(node: FunctionNode, r: Resolver, resolveArg: ResolveArg): Operand {
  switch (node.name) {
    case 'geoDistance':
      return geoDistance(node.args, r, resolveArg);
    case 'strftime':
      return strftime(node.args, r, resolveArg);
    default:
      throw new FilterError(`unknown function ${JSON.stringify(node.name)}`);
  }
}

function arg(fn: string, i: number, node: OperandNode, kinds: OperandNode['kind'][], what: string, resolveArg: ResolveArg): Operand {
  if (!kinds.includes(node.kind)) throw new FilterError(`[${fn}] ${what}`);
  try {
    return resolveArg(node);
  } catch (err) {
    if (err instanceof FilterError) throw new FilterError(`[${fn}] failed to resolve argument ${i}: ${err.detail}`);
    throw err;
  }
}

/**
 * Haversine distance in km. Like SQLite's own functions it applies no "every value" check: over a
 * multi-valued relation it holds when some related row satisfies the comparison.
 */
function geoDistance(args: readonly OperandNode[], r: Resolver, resolveArg: ResolveArg): Operand {
  if (args.length !== 4) throw new FilterError(`[geoDistance] expected 4 arguments, got ${args.length}`);
  const [lonA, latA, lonB, latB] = args.map(
    (a, i) => asNumber(r.env.dialect, arg('geoDistance', i, a, ['identifier', 'number'], `argument ${i} must be an identifier or number`, resolveArg)),
  );
  const cosine = sql`cos(radians(${latA})) * cos(radians(${latB})) * cos(radians(${lonB}) - radians(${lonA})) + sin(radians(${latA})) * sin(radians(${latB}))`;
  const expr = sql`(6371 * ${viaDialect((x) => r.env.dialect.acos(x), cosine)})`;
  return { expr, type: 'number', fallback: 'disabled' };
}

const strftimeArgsMax = 10;

/** SQLite's strftime; NULL results count as empty, like the non-nullable text/date fields. */
function strftime(args: readonly OperandNode[], r: Resolver, resolveArg: ResolveArg): Operand {
  if (args.length < 1) throw new FilterError(`[strftime] expected at least 1 arguments, got ${args.length}`);
  if (args.length > strftimeArgsMax) throw new FilterError(`[strftime] too many arguments (max allowed ${strftimeArgsMax}, got ${args.length})`);
  const call = (parts: Sql[]) => viaDialect((...t) => r.env.dialect.strftime(t), ...parts);
  const format = arg('strftime', 0, args[0], ['text'], 'expects the first argument to be a format string', resolveArg);
  if (args.length === 1) return { expr: call([format.expr]), type: 'text', fallback: 'enforced' };
  const time = arg('strftime', 1, args[1], ['text', 'identifier', 'number'], 'expects the second argument to be of a valid time-value type', resolveArg);
  const mods = args.slice(2).map((a, i) => arg('strftime', i + 2, a, ['text'], `invalid modifier argument ${i} - can be only string`, resolveArg).expr);
  const multi = time.multi && { joins: time.multi.joins, value: call([format.expr, time.multi.value, ...mods]) };
  return { expr: call([format.expr, time.expr, ...mods]), type: 'text', fallback: 'enforced', multi };
}
