import type { ExprNode } from '../filter/ast.js';
import { FilterError } from '../filter/filter-error.js';
import type { Collection } from '../records/model.js';
import type { Dialect, ValueType } from '../store/dialect.js';
import { walkPath, type Walk } from './field-path.js';
import { AliasGen, JoinScope } from './join-scope.js';
import type { Operand } from './operand.js';
import type { RequestInfo } from './record-filter.js';
import { resolveRequestField } from './request-values.js';
import { raw, sql, viaDialect, type Sql } from './sql-fragment.js';

/** What stays the same for every resolver of one compile (main filter, list rules, sort items). */
export interface CompileEnv {
  readonly dialect: Dialect;
  readonly request: RequestInfo;
  readonly findCollection: (idOrName: string) => Collection | undefined;
  readonly names: AliasGen;
  /** Compiles a sub-expression with a resolver (`:changed` expands into one). */
  readonly compile: (node: ExprNode, r: Resolver) => Sql;
}

/** Identifier shapes PocketBase accepts at all; anything else fails before any lookup. */
const allowedNames = [
  /^\w+[\w.:]*$/,
  /^@request\.context$/,
  /^@request\.method$/,
  /^@request\.(auth|body|query|headers)\.[\w.:]*\w+$/,
  /^@collection\.\w+(:\w+)?\.[\w.:]*\w+$/,
];

/**
 * Turns identifiers into SQL operands for one base collection, registering the joins they need
 * in `scope`. `allowHidden` is false for client filters: hidden fields are refused and joined
 * collections' list rules are recorded to be applied.
 */
export class Resolver {
  constructor(
    readonly env: CompileEnv,
    readonly base: Collection,
    readonly baseAlias: string,
    readonly allowHidden: boolean,
    readonly scope: JoinScope,
    /** Namespaces join keys: list-rule resolvers share the scope but never the main joins. */
    readonly keyPrefix = '',
  ) {}

  column(alias: string, name: string): Sql {
    return raw(`${alias}.${this.env.dialect.quote(name)}`);
  }

  table(c: Collection, alias: string): Sql {
    return raw(`${this.env.dialect.quote(c.name)} ${alias}`);
  }

  loadCollection(idOrName: string): Collection | undefined {
    if (idOrName === this.base.id || idOrName === this.base.name) return this.base;
    return this.env.findCollection(idOrName);
  }

  /** Joins a collection to the shared scope; client filters also get its listRule applied. */
  joinCollection(key: string, c: Collection, on: (alias: string) => Sql | null): string {
    if (!this.allowHidden && c.listRule === null) {
      throw new FilterError(`${JSON.stringify(c.name)} fields can be accessed only when allowHiddenFields is enabled or by superusers`);
    }
    const { alias } = this.scope.add(key, (a) => ({ source: this.table(c, a), on: on(a) }));
    if (!this.allowHidden && c.listRule) this.scope.addRuleTarget({ collection: c, alias });
    return alias;
  }

  /**
   * Joins one row per element of a JSON array expression; the element is `<alias>.value`.
   * `type` is what `expr` holds: a stored list (`jsonDoc`), one bare value (`text`), JSON text (`any`).
   */
  joinEach(key: string, expr: Sql, type: ValueType = 'jsonDoc'): string {
    return this.scope.add(key, (a) => ({ source: this.eachSource(expr, a, type), on: null })).alias;
  }

  eachSource(expr: Sql, alias: string, type: ValueType = 'jsonDoc'): Sql {
    return viaDialect((e) => this.env.dialect.jsonEach(e, alias, type), expr);
  }

  /** Resolves a field identifier (anything but literals, macros and functions). */
  resolveField(name: string): Operand {
    if (!allowedNames.some((re) => re.test(name))) throw new FilterError(`failed to resolve field ${JSON.stringify(name)}`);
    const props = name.split('.');
    if (props[0] === '@collection') return this.collectionField(name, props);
    if (props[0] === '@request') return resolveRequestField(this, name, props);
    return walkPath(this, props, this.rootWalk());
  }

  rootWalk(): Walk {
    return { collection: this.base, alias: this.baseAlias, key: this.keyPrefix, multi: false, chain: [], chainAlias: this.baseAlias, nullifyMissing: false };
  }

  /** `@collection.name[:alias].path`: a join with no condition, matched with any-row semantics. */
  private collectionField(name: string, props: string[]): Operand {
    const [idOrName, alias] = splitOnce(props[1], ':');
    const c = this.loadCollection(idOrName);
    if (!c) throw new FilterError(`failed to load collection ${JSON.stringify(props[1])} from field path ${JSON.stringify(name)}`);
    const key = this.keyPrefix + (alias ? `@collection:${alias}` : `@collection.${c.name}`);
    const joined = this.joinCollection(key, c, () => null);
    const chainAlias = this.env.names.next('m');
    const walk: Walk = {
      collection: c, alias: joined, key, multi: true,
      chain: [sql`LEFT JOIN ${this.table(c, chainAlias)} ON 1=1`], chainAlias, nullifyMissing: false,
    };
    return walkPath(this, props.slice(2), walk);
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}
