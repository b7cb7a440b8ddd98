import { FilterError } from '../filter/filter-error.js';
import { joinsMax } from '../filter/limits.js';
import type { Collection } from '../records/model.js';
import type { Dialect } from '../store/dialect.js';
import { joinSql, raw, sql, type Sql } from './sql-fragment.js';

/**
 * Joined tables shared by every comparison of one filter, as PocketBase shares its LEFT JOINs:
 * `a.x ?= 1 && a.y ?= 2` must match the same related row. Instead of joining the main query
 * (which then needs DISTINCT), the whole filter becomes one correlated
 * `EXISTS (SELECT 1 FROM (SELECT 1) root LEFT JOIN ... WHERE <filter>)`.
 */
export interface Join {
  /** Identifies the path that produced the join, so repeated paths reuse it. */
  readonly key: string;
  readonly alias: string;
  /** Table expression including the alias (`"users" "__pb_j1"`, `json_each(...) "__pb_j2"`). */
  readonly source: Sql;
  readonly on: Sql | null;
}

/** A joined collection whose listRule must also hold (client filters only). */
export interface RuleTarget {
  readonly collection: Collection;
  readonly alias: string;
}

/** Generated, quoted aliases; shared by all scopes of one compile so they never collide. */
export class AliasGen {
  private n = 0;
  constructor(readonly dialect: Dialect) {}
  next(kind: 'j' | 'm' | 'r' | 'v'): string {
    return this.dialect.quote(`__pb_${kind}${++this.n}`);
  }
}

export class JoinScope {
  readonly joins: Join[] = [];
  readonly ruleTargets: RuleTarget[] = [];

  constructor(readonly names: AliasGen) {}

  /** The alias of the join for `key`, creating it with `build` on first use. */
  add(key: string, build: (alias: string) => { source: Sql; on: Sql | null }): { alias: string; created: boolean } {
    const found = this.joins.find((j) => j.key === key);
    if (found) return { alias: found.alias, created: false };
    if (this.joins.length >= joinsMax) throw new FilterError(`max joins limit reached (max: ${joinsMax})`);
    const alias = this.names.next('j');
    this.joins.push({ key, alias, ...build(alias) });
    return { alias, created: true };
  }

  addRuleTarget(target: RuleTarget) {
    if (!this.ruleTargets.some((t) => t.alias === target.alias)) this.ruleTargets.push(target);
  }
}

/** `(SELECT 1) root LEFT JOIN ... ON ...`: one row even when nothing is related, like a LEFT JOIN. */
export function fromJoins(names: AliasGen, joins: readonly Join[]): Sql {
  const parts = joins.map((j) => sql`LEFT JOIN ${j.source} ON ${j.on ?? raw('1=1')}`);
  return joinSql([raw(`(SELECT 1) ${names.next('r')}`), ...parts], ' ');
}
