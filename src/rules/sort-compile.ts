import { FilterError } from '../filter/filter-error.js';
import { parseSort, randomSortKey, rowidSortKey, type SortItem } from '../filter/sort.js';
import { ruleConditions } from './exists-scope.js';
import { fromJoins, JoinScope } from './join-scope.js';
import { hasLiterals, type Operand } from './operand.js';
import type { FilterOptions } from './record-filter.js';
import { Resolver, type CompileEnv } from './resolver.js';
import { joinSql, raw, sql, type Sql } from './sql-fragment.js';

/**
 * ORDER BY terms. A field reached through relations sorts by a correlated scalar subquery, so the
 * main query needs no join; over many related rows it takes the lowest value (highest for DESC).
 * Unlike PocketBase, a related row hidden by its listRule sorts as NULL instead of dropping the
 * main row from the result.
 */
export function compileSortItems(env: CompileEnv, sort: string, opts: FilterOptions): Sql {
  return joinSql(parseSort(sort).map((item) => term(env, item, opts)), ', ');
}

function term(env: CompileEnv, item: SortItem, opts: FilterOptions): Sql {
  if (item.name === randomSortKey) return raw(env.dialect.randomOrder());
  if (item.name === rowidSortKey) return raw(`${env.dialect.rowid(opts.alias)} ${item.direction}`);
  const scope = new JoinScope(env.names);
  const r = new Resolver(env, opts.collection, opts.alias, opts.mode === 'rule', scope);
  const op = resolve(r, item);
  if (!scope.joins.length) return sql`${op.expr} ${raw(item.direction)}`;
  const rules = ruleConditions(env, scope);
  const value = op.multi ? sql`${raw(item.direction === 'DESC' ? 'MAX' : 'MIN')}(${op.expr})` : op.expr;
  const where = rules.length ? joinSql(rules, ' AND ') : raw('1=1');
  return sql`(SELECT ${value} FROM ${fromJoins(env.names, scope.joins)} WHERE ${where} LIMIT 1) ${raw(item.direction)}`;
}

/** Only fields sort: literals, `@request.*` values and constants are refused as PocketBase does. */
function resolve(r: Resolver, item: SortItem): Operand {
  const invalid = () => new FilterError(`invalid sort field ${JSON.stringify(item.name)}`, item.pos);
  let op: Operand;
  try {
    op = r.resolveField(item.name);
  } catch (err) {
    if (err instanceof FilterError) throw invalid();
    throw err;
  }
  if (hasLiterals(op) || op.isNull || op.isConst) throw invalid();
  return op;
}
