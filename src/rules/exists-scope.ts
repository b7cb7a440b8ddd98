import * as ast from '../filter/ast.js';
import type { ExprNode } from '../filter/ast.js';
import { FilterError } from '../filter/filter-error.js';
import { parseFilter } from '../filter/parser.js';
import type { Collection } from '../records/model.js';
import { fromJoins, JoinScope } from './join-scope.js';
import { Resolver, type CompileEnv } from './resolver.js';
import { joinSql, sql, type Sql } from './sql-fragment.js';

/**
 * Compiles a whole filter for one base table. When it names related rows the condition becomes
 * `EXISTS (SELECT 1 FROM (SELECT 1) LEFT JOIN ... WHERE <condition> AND <list rules>)`, which
 * matches a main row exactly when PocketBase's LEFT-JOINed, DISTINCT query would return it.
 */
export function compileScoped(env: CompileEnv, node: ExprNode, base: Collection, alias: string, allowHidden: boolean): Sql {
  const scope = new JoinScope(env.names);
  const cond = env.compile(node, new Resolver(env, base, alias, allowHidden, scope));
  if (!scope.joins.length) return cond;
  const rules = ruleConditions(env, scope);
  return sql`EXISTS (SELECT 1 FROM ${fromJoins(env.names, scope.joins)} WHERE ${joinSql([cond, ...rules], ' AND ')})`;
}

/**
 * Client filters see only related rows their caller may list: each joined collection's listRule
 * must hold for the joined row, or the row must be missing (`id = ''` is true for the NULL row of
 * a LEFT JOIN, so `a.x = 1 || b.y = 2` still works when `a` is empty). The rules join what they
 * need into the same scope, under their own keys.
 */
export function ruleConditions(env: CompileEnv, scope: JoinScope): Sql[] {
  return scope.ruleTargets.map((target, i) => {
    try {
      const rule = parseFilter(target.collection.listRule ?? '');
      const missing = ast.comparison('=', ast.identifier('id', 0), ast.text('', 0), 0);
      const node = ast.logical('or', [missing, rule], 0);
      return env.compile(node, new Resolver(env, target.collection, target.alias, true, scope, `rule${i}:`));
    } catch (err) {
      if (!(err instanceof FilterError)) throw err;
      throw new FilterError(`failed to build ${JSON.stringify(target.collection.name)} ListRule join subquery filter expression: ${err.detail}`);
    }
  });
}
