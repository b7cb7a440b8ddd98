/** Column kinds the record model asks for; a dialect maps them to its own types. */
export type ColumnKind = 'text' | 'number' | 'bool' | 'json' | 'jsonArray' | 'geoPoint';

/**
 * Everything that differs between SQL engines, kept small. SQL above this interface is written
 * once with `?` placeholders; `finalize` turns it into what the driver accepts.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  quote(identifier: string): string;
  /** Column definition with its default, e.g. `TEXT DEFAULT '' NOT NULL`. */
  columnDef(kind: ColumnKind): string;
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
  jsonArrayLength(expr: string): string;
  /** A table expression yielding one row per element of a JSON array, column `value`. */
  jsonEach(expr: string, alias: string): string;
  /** Case-insensitive LIKE with `\` as escape. `pattern` is SQL (usually `?`). */
  like(expr: string, pattern: string, negate: boolean): string;
  /** NULL-safe equality (`a IS b`), or inequality when `negate` (`a IS NOT b`). */
  same(left: string, right: string, negate: boolean): string;
  /** SQLite's `strftime(format, time-value, modifiers...)`; args are SQL expressions. */
  strftime(args: readonly string[]): string;
  /** The storage-order key of a table's rows (SQLite's rowid), for `sort=@rowid`. */
  rowid(tableAlias: string): string;
  randomOrder(): string;
  /** Schema changes: a single value as a one-element JSON array ('' → []), and the last element back. */
  jsonArrayWrap(expr: string): string;
  jsonArrayLast(expr: string): string;
  /** Rewrites `?` placeholders for the driver; SQLite keeps them. */
  finalize(sql: string): string;
}

/** Escapes LIKE wildcards so that user text is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
