/**
 * Filters, sorts and API rules of record queries as parameterized SQL. User text only ever
 * reaches the database as bound parameters; identifiers come from the collection schema.
 */
import { parseFilter } from '../filter/parser.js';
import type { Collection } from '../records/model.js';
import type { Dialect } from '../store/dialect.js';
import { compileExpr } from './compile-expr.js';
import { compileScoped } from './exists-scope.js';
import { AliasGen } from './join-scope.js';
import type { CompileEnv } from './resolver.js';
import { compileSortItems } from './sort-compile.js';
import { bindable, type Sql } from './sql-fragment.js';

/** The signed-in caller; record values as JSON by field name, hidden fields included. */
export interface AuthInfo {
  collection: Collection;
  record: Record<string, unknown>;
}

/** What `@request.*` reads. Header names are lower snake_case (`x_token`). */
export interface RequestInfo {
  auth: AuthInfo | null;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  method?: string;
  context?: string;
}

export interface FilterOptions {
  collection: Collection;
  /** Already-quoted SQL alias of the main table. */
  alias: string;
  findCollection(idOrName: string): Collection | undefined;
  request: RequestInfo;
  dialect: Dialect;
  /**
   * 'client' = user-supplied filter/sort: hidden fields rejected (400), joined collections'
   * listRule applied, a joined collection with a null listRule → 400. 'rule' = API rule: full access.
   */
  mode: 'client' | 'rule';
}

export interface CompiledSql {
  sql: string;
  params: unknown[];
}

/** A boolean SQL expression for WHERE; `''` compiles to `1=1`. Throws FilterError (400). */
export function compileFilter(expression: string, opts: FilterOptions): CompiledSql {
  if (expression === '') return { sql: '1=1', params: [] };
  const node = parseFilter(expression);
  return finish(compileScoped(envOf(opts), node, opts.collection, opts.alias, opts.mode === 'rule'));
}

/** An ORDER BY body (`''` when `sort` is empty). Throws FilterError (400). */
export function compileSort(sort: string, opts: FilterOptions): CompiledSql {
  if (sort === '') return { sql: '', params: [] };
  return finish(compileSortItems(envOf(opts), sort, opts));
}

function envOf(opts: FilterOptions): CompileEnv {
  return {
    dialect: opts.dialect,
    request: opts.request,
    findCollection: (k) => opts.findCollection(k),
    names: new AliasGen(opts.dialect),
    compile: compileExpr,
  };
}

function finish(s: Sql): CompiledSql {
  return { sql: s.text, params: s.params.map(bindable) };
}
