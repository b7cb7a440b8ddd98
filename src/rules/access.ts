import { FilterError } from '../filter/filter-error.js';
import { ApiError, ForbiddenError } from '../lib/errors.js';
import { isSuperuser } from '../auth/auth-records.js';
import type { Collection, RuleKey } from '../records/model.js';
import type { SqlPart } from '../records/record-repo.js';
import type { CollectionLookup } from '../records/record-save.js';
import type { Dialect } from '../store/dialect.js';
import { CompiledCache } from './compiled-cache.js';
import { compileFilter, compileSort, type FilterOptions, type RequestInfo } from './record-filter.js';

export const superusersOnly = 'Only superusers can perform this action.';

/**
 * API rules as SQL: `null` = superusers only, `""` = anyone, an expression = a WHERE condition
 * the target rows must meet. Superusers bypass every rule. Client filters and sorts compile
 * here too, with the stricter client mode (no hidden fields, joined collections' list rules).
 */
export class Access {
  private cache = new CompiledCache();

  constructor(private dialect: Dialect, private collections: CollectionLookup & { version?: number }) {}

  /** Compiles through the cache when the lookup has a schema version to key it by. */
  private compiled(c: Collection, kind: string, text: string, req: RequestInfo, client: boolean, compile: () => SqlPart): SqlPart {
    const version = this.collections.version;
    return version === undefined ? compile() : this.cache.get(version, c, kind, text, req, compile, client);
  }

  private options(c: Collection, req: RequestInfo, mode: FilterOptions['mode'], lookup = this.collections): FilterOptions {
    return { collection: c, alias: this.dialect.quote(c.name), findCollection: (k) => lookup.find(k), request: req, dialect: this.dialect, mode };
  }

  /**
   * The condition a rule adds for this caller, or undefined when nothing is added.
   * Throws 403 when the rule is locked (null) and the caller is not a superuser.
   */
  ruleCondition(c: Collection, key: RuleKey, req: RequestInfo): SqlPart | undefined {
    if (isSuperuser(req.auth)) return undefined;
    const rule = c[key];
    if (rule === null || rule === undefined) throw new ForbiddenError(superusersOnly);
    if (rule === '') return undefined;
    return this.compiled(c, 'rule', rule, req, false, () => compileFilter(rule, this.options(c, req, 'rule')));
  }

  /** A client-supplied `filter`; `@collection.`/`@request.` are reserved to superusers. */
  clientFilter(c: Collection, filter: string, req: RequestInfo): SqlPart | undefined {
    if (!filter) return undefined;
    const su = isSuperuser(req.auth);
    if (!su) guardReserved(filter);
    return this.compiled(c, `filter:${su}`, filter, req, !su, () => compileFilter(filter, this.options(c, req, su ? 'rule' : 'client')));
  }

  clientSort(c: Collection, sort: string, req: RequestInfo): SqlPart | undefined {
    if (!sort) return undefined;
    const su = isSuperuser(req.auth);
    if (!su) guardReserved(sort);
    return this.compiled(c, `sort:${su}`, sort, req, !su, () => compileSort(sort, this.options(c, req, su ? 'rule' : 'client')));
  }

  /** Trusted server code: any expression or sort with full access (hidden fields, no joined list rules). */
  expression(c: Collection, expression: string, req: RequestInfo): SqlPart {
    return compileFilter(expression, this.options(c, req, 'rule'));
  }

  sortExpression(c: Collection, sort: string, req: RequestInfo): SqlPart {
    return compileSort(sort, this.options(c, req, 'rule'));
  }

  /** Used when a collection is saved (possibly a new one): a rule that doesn't compile is invalid. */
  ruleSyntaxError(rule: string, c: Collection): string | undefined {
    const lookup: CollectionLookup = {
      find: (k) => (k === c.id || k.toLowerCase() === c.name.toLowerCase() ? c : this.collections.find(k)),
      all: () => this.collections.all(),
    };
    try {
      compileFilter(rule, this.options(c, { auth: null }, 'rule', lookup));
      return undefined;
    } catch (err) {
      if (err instanceof FilterError) return err.detail;
      return err instanceof ApiError ? err.message : String(err);
    }
  }
}

function guardReserved(text: string) {
  if (text.includes('@collection.')) throw new ForbiddenError('Only superusers can filter by @collection.');
  if (text.includes('@request.')) throw new ForbiddenError('Only superusers can filter by @request.');
}
