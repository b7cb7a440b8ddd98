/** Column kinds the record model asks for; a dialect maps them to its own types. */
export type ColumnKind = 'primaryKey' | 'text' | 'number' | 'bool' | 'json' | 'jsonArray' | 'geoPoint';

/**
 * What a SQL value expression holds. SQLite compares any two values (type affinity decides);
 * Postgres compares only like with like, so the filter compiler says what each side is.
 * - `json`: one value read out of a JSON document (json_extract)
 * - `jsonDoc`: a whole stored JSON document (multi-value column, geoPoint)
 * - `any`: NULL, or a bound value that takes the type of whatever it meets
 */
export type ValueType = 'text' | 'number' | 'bool' | 'json' | 'jsonDoc' | 'any';

/** A SQL value expression and its type; `value` is the bound value when `sql` is one placeholder. */
export interface Typed {
  readonly sql: string;
  readonly type: ValueType;
  readonly value?: unknown;
}

/**
 * Everything that differs between SQL engines, kept small. SQL above this interface is written
 * once with `?` placeholders; `finalize` turns it into what the driver accepts.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  quote(identifier: string): string;
  /** Column definition with its default, e.g. `TEXT DEFAULT '' NOT NULL`. */
  columnDef(kind: ColumnKind): string;
  /** Columns every record table gets besides its fields (Postgres: the `_rowid_` insertion order). */
  hiddenColumns(): readonly string[];
  /** A text column unique regardless of case (collection names), and the statements it needs after CREATE TABLE. */
  uniqueNoCase(table: string, column: string): { columnDef: string; after: readonly string[] };
  /** `DROP TABLE|VIEW IF EXISTS`; on Postgres views over it go too (the caller recreates them). */
  readonly dropCascadesToViews: boolean;
  dropRelation(kind: 'TABLE' | 'VIEW', name: string): string;
  /**
   * A PocketBase-style CREATE INDEX statement (backtick identifiers, `COLLATE NOCASE`) for this
   * engine; `names` are the table and column names it may mention, spelled as stored.
   */
  indexSql(sql: string, names: readonly string[]): string;
  /**
   * A user-written SELECT (view query) for this engine. Throws an Error naming the construct when
   * the query relies on another engine's SQL. `names` as for `indexSql`.
   */
  viewSql(sql: string, names: readonly string[]): string;
  /** `placeholder` (a `?`) read as a value of the column kind, where nothing else gives it a type. */
  bindAs(placeholder: string, kind: ColumnKind): string;
  /** Appended to a SELECT inside a write transaction to lock the rows read (SQLite's one writer needs none). */
  lockRows(): string;
  /**
   * A statement that holds, until the transaction ends, a lock named by `?` and the schema in use,
   * so that processes opening one database one after another do what only one may (bootstrap).
   * Empty on SQLite, whose single writer already serializes them.
   */
  schemaLock(): string;
  /** The SQL constants for true and false. */
  bool(value: boolean): string;
  /** JSON value at `path` of the json expression, as SQL scalar (null when absent). */
  jsonExtract(expr: string, path: readonly (string | number)[]): string;
  /**
   * Like `jsonExtract`, with the path as SQL (a bound parameter holding `jsonPath(...)`), so
   * user-chosen keys (`data.anyKey`) never become SQL text.
   */
  jsonExtractAt(expr: string, path: string): string;
  /** The value to bind for `jsonExtractAt`'s path; number segments are array indexes. */
  jsonPath(path: readonly (string | number)[]): unknown;
  /**
   * Number of elements of a JSON array expression. A non-array value counts as one element,
   * '' and NULL as none (a single select/relation/file column holds a bare value).
   */
  jsonArrayLength(expr: string, type?: ValueType): string;
  /** A table expression yielding one row per element of a JSON array, column `value` (text). */
  jsonEach(expr: string, alias: string, type?: ValueType): string;
  /** Case-insensitive LIKE with `\` as escape. `pattern` is SQL (usually `?`). */
  like(expr: string, pattern: string, negate: boolean): string;
  /** NULL-safe equality (`a IS b`), or inequality when `negate` (`a IS NOT b`). */
  same(left: string, right: string, negate: boolean): string;
  /** The two sides of a comparison, cast where the engine cannot compare them as they are. */
  comparable(left: Typed, right: Typed): { left: string; right: string; type: ValueType };
  /** `COALESCE(x, '')`: NULL as the empty text. */
  orBlank(x: Typed): string;
  /** `x` as text, the way SQLite converts values for LIKE and string functions. */
  text(x: Typed): string;
  /** `x` as a number for arithmetic (NULL when it isn't one). */
  number(x: Typed): string;
  /** Arc cosine; Postgres refuses rounding errors just past ±1, so it clamps. */
  acos(x: string): string;
  /** SQLite's `strftime(format, time-value, modifiers...)`; args are SQL expressions. */
  strftime(args: readonly string[]): string;
  /** The storage-order key of a table's rows (SQLite's rowid), for `sort=@rowid`. */
  rowid(tableAlias: string): string;
  /**
   * ORDER BY body for a list given no sort: rows in the order they were stored. '' where a plain
   * scan already gives that order (SQLite); Postgres moves updated rows, so it sorts by `rowid`.
   */
  storageOrder(tableAlias: string): string;
  randomOrder(): string;
  /** Schema changes: a single value as a one-element JSON array ('' → []), and the last element back. */
  jsonArrayWrap(expr: string): string;
  jsonArrayLast(expr: string): string;
  /** Rewrites `?` placeholders for the driver; SQLite keeps them. Applying it twice changes nothing. */
  finalize(sql: string): string;
}

/** Escapes LIKE wildcards so that user text is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
