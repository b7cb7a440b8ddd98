import type { ColumnKind, Dialect, Typed, ValueType } from '../dialect.js';
import { portableIndex, portableQuery } from './portable-sql.js';
import { scanSql } from './sql-scan.js';

/**
 * Postgres. Text columns use the "C" collation so that ordering and case folding match SQLite's
 * (byte order, ASCII-only NOCASE/LIKE); multi-values and geoPoint are jsonb, json fields json (read
 * as jsonb when compared). Unlike SQLite,
 * Postgres compares only values of one type, so `comparable` casts where SQLite's type affinity
 * would have converted.
 */

const columnDefs: Record<ColumnKind, string> = {
  primaryKey: 'TEXT COLLATE "C" PRIMARY KEY NOT NULL',
  text: `TEXT COLLATE "C" DEFAULT '' NOT NULL`,
  number: 'DOUBLE PRECISION DEFAULT 0 NOT NULL',
  bool: 'BOOLEAN DEFAULT FALSE NOT NULL',
  // json, not jsonb: a json field's value reads back as written (key order, numbers), as on SQLite
  json: 'JSON DEFAULT NULL',
  jsonArray: `JSONB DEFAULT '[]' NOT NULL`,
  geoPoint: `JSONB DEFAULT '{"lon":0,"lat":0}' NOT NULL`,
};

const castTypes: Record<ColumnKind, string> = {
  primaryKey: 'TEXT', text: 'TEXT', number: 'DOUBLE PRECISION', bool: 'BOOLEAN', json: 'JSON', jsonArray: 'JSONB', geoPoint: 'JSONB',
};

/** The column that keeps insertion order, as SQLite's rowid does (`@rowid`, unsorted lists). */
export const rowidColumn = '_rowid_';

const quote = (id: string) => '"' + id.replace(/"/g, '""') + '"';

/** A Postgres text[] literal: every element double-quoted, so any key is taken literally. */
function textArray(path: readonly (string | number)[]): string {
  return '{' + path.map((seg) => '"' + String(seg).replace(/[\\"]/g, (c) => '\\' + c) + '"').join(',') + '}';
}

/** Text that SQLite's NUMERIC affinity would turn into a number. */
const numericText = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const isNumericText = (v: unknown) => typeof v === 'string' && numericText.test(v);

/** A bound value, which Postgres types from what it meets; `value` says whether it would parse. */
const isParam = (x: Typed) => x.value !== undefined;

function parsesAsJson(v: unknown): boolean {
  if (typeof v !== 'string') return typeof v === 'number' || typeof v === 'boolean';
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

const boolAsNumber = (sql: string) => `CAST(CAST(${sql} AS INTEGER) AS DOUBLE PRECISION)`;
const arrayOf = (sql: string) => `(CASE WHEN jsonb_typeof(${sql}) = 'array' THEN ${sql} ELSE jsonb_build_array(${sql}) END)`;

function text(x: Typed): string {
  if (isParam(x)) return x.sql;
  switch (x.type) {
    case 'number':
    case 'jsonDoc':
      return `CAST(${x.sql} AS TEXT)`;
    case 'bool':
      return `CAST(CAST(${x.sql} AS INTEGER) AS TEXT)`;
    case 'json':
      return `(${x.sql} #>> '{}')`;
    default:
      return x.sql;
  }
}

function number(x: Typed): string {
  if (isParam(x)) {
    // like SQLite's math functions: text that is no number is NULL (whatever ends up bound)
    const t = `CAST(${x.sql} AS TEXT)`;
    return `(CASE WHEN ${t} ~ '${numericText.source}' THEN CAST(${t} AS DOUBLE PRECISION) END)`;
  }
  switch (x.type) {
    case 'bool':
      return boolAsNumber(x.sql);
    case 'json':
      return `(CASE WHEN jsonb_typeof(${x.sql}) = 'number' THEN CAST(${x.sql} AS DOUBLE PRECISION) END)`;
    case 'text':
      return `(CASE WHEN ${x.sql} ~ '${numericText.source}' THEN CAST(${x.sql} AS DOUBLE PRECISION) END)`;
    case 'jsonDoc':
      return 'NULL';
    default:
      return x.sql;
  }
}

/** A value compared with one read out of a JSON document: as jsonb, so 5 matches 5 and "a" matches "a". */
function toJsonb(x: Typed): string {
  if (x.type === 'json' || x.type === 'jsonDoc') return x.sql;
  if (isParam(x)) {
    const t = typeof x.value === 'number' ? 'DOUBLE PRECISION' : typeof x.value === 'boolean' ? 'BOOLEAN' : 'TEXT';
    return `to_jsonb(CAST(${x.sql} AS ${t}))`;
  }
  if (x.type === 'text' || x.type === 'any') return `to_jsonb(CAST(${x.sql} AS TEXT))`;
  return `to_jsonb(${x.sql})`;
}

type Pair = { left: string; right: string; type: ValueType };

/** A bound boolean is bound as 1 or 0: among bound values it is a number. */
const boundKind = (x: Typed) => (x.type === 'bool' ? 'number' : x.type);

/** JSON of a bound value, typed by what was bound. */
const boundJson = (x: Typed) => `to_jsonb(CAST(${x.sql} AS ${boundKind(x) === 'number' ? 'DOUBLE PRECISION' : 'TEXT'}))`;

/** `a` and `b` of different types, neither `any`; the pair in the original order. */
function coerce(a: Typed, b: Typed): Pair {
  if (isParam(a) && isParam(b)) {
    if (boundKind(a) === boundKind(b)) return { left: a.sql, right: b.sql, type: boundKind(a) };
    // SQLite never finds a bound text equal to a bound number; as JSON they differ the same way
    return { left: boundJson(a), right: boundJson(b), type: 'json' };
  }
  if (a.type === 'json' || b.type === 'json') return { left: toJsonb(a), right: toJsonb(b), type: 'json' };
  if (a.type === 'jsonDoc' || b.type === 'jsonDoc') {
    const other = a.type === 'jsonDoc' ? b : a;
    // JSON text given as a value compares as a document; anything else compares as text
    if (isParam(other) && parsesAsJson(other.value)) return { left: a.sql, right: b.sql, type: 'jsonDoc' };
    return { left: text(a), right: text(b), type: 'text' };
  }
  const pick = (t: ValueType) => (a.type === t ? [a, b] : [b, a]) as [Typed, Typed];
  if (a.type === 'bool' || b.type === 'bool') {
    const [bool, other] = pick('bool');
    const numeric = other.type === 'number' || isNumericText(other.value);
    if (isParam(bool)) return { left: a.sql, right: b.sql, type: other.type };
    if (!numeric) return swap(a, bool, { mine: text(bool), theirs: text(other), type: 'text' });
    // 0/1 parse as booleans: the column keeps its own type (and its index)
    if (isParam(other) && (other.value === 0 || other.value === 1)) return { left: a.sql, right: b.sql, type: 'bool' };
    return swap(a, bool, { mine: boolAsNumber(bool.sql), theirs: other.sql, type: 'number' });
  }
  // number against text
  const [num, txt] = pick('number');
  if (isParam(num) || (isParam(txt) && isNumericText(txt.value))) return { left: a.sql, right: b.sql, type: 'number' };
  return swap(a, num, { mine: text(num), theirs: txt.sql, type: 'text' });
}

function swap(a: Typed, mine: Typed, p: { mine: string; theirs: string; type: ValueType }): Pair {
  return a === mine ? { left: p.mine, right: p.theirs, type: p.type } : { left: p.theirs, right: p.mine, type: p.type };
}

function comparable(left: Typed, right: Typed): Pair {
  if (left.type === right.type || left.type === 'any' || right.type === 'any') {
    return { left: left.sql, right: right.sql, type: left.type === 'any' ? right.type : left.type };
  }
  return coerce(left, right);
}

/** `?` → `$1, $2, ...` outside literals, quoted identifiers and comments. */
function finalize(sql: string): string {
  if (!sql.includes('?')) return sql;
  let n = 0;
  return scanSql(sql).map((t) => (t.kind === 'param' ? '$' + ++n : t.text)).join('');
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  quote,
  columnDef: (kind) => columnDefs[kind],
  // unique: its index serves `@rowid` sorts and unsorted pages without sorting the table
  hiddenColumns: () => [`${quote(rowidColumn)} BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE`],
  uniqueNoCase: (table, column) => ({
    columnDef: 'TEXT COLLATE "C" NOT NULL',
    after: [`CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`${table}_${column}_nocase`)} ON ${quote(table)} (LOWER(${quote(column)}))`],
  }),
  dropCascadesToViews: true,
  dropRelation: (kind, name) => `DROP ${kind} IF EXISTS ${quote(name)} CASCADE`,
  indexSql: portableIndex,
  viewSql: portableQuery,
  bindAs: (placeholder, kind) => `CAST(${placeholder} AS ${castTypes[kind]})${castTypes[kind] === 'TEXT' ? ' COLLATE "C"' : ''}`,
  lockRows: () => ' FOR UPDATE',
  schemaLock: () => "SELECT pg_advisory_xact_lock(hashtext(CAST(? AS TEXT) || ':' || current_schema()))",
  bool: (value) => (value ? 'TRUE' : 'FALSE'),
  // JSON null reads as SQL NULL, as SQLite's json_extract gives it. to_jsonb: a view's computed
  // column (COUNT(*), a text) is a json field of any SQL type; on a jsonb column it changes nothing.
  jsonExtract: (expr, path) => `NULLIF(to_jsonb(${expr}) #> '${textArray(path).replace(/'/g, "''")}', 'null'::jsonb)`,
  jsonExtractAt: (expr, path) => `NULLIF(to_jsonb(${expr}) #> CAST(${path} AS TEXT[]), 'null'::jsonb)`,
  jsonPath: textArray,
  // a double, as number columns are, so that a bound 1.5 compares instead of failing as an integer
  jsonArrayLength: (expr, type = 'jsonDoc') =>
    type === 'text' || type === 'any'
      ? `CAST((CASE WHEN ${expr} IS NULL OR ${expr} = '' THEN 0 ELSE 1 END) AS DOUBLE PRECISION)`
      : `CAST((CASE WHEN ${expr} IS NULL THEN 0 WHEN jsonb_typeof(${expr}) = 'array' THEN jsonb_array_length(${expr}) ELSE 1 END) AS DOUBLE PRECISION)`,
  // set-returning functions in FROM are implicitly LATERAL: they may name earlier tables
  jsonEach: (expr, alias, type = 'jsonDoc') => {
    const source = type === 'text' ? `jsonb_build_array(${expr})` : type === 'any' ? arrayOf(`CAST(${expr} AS JSONB)`) : arrayOf(expr);
    return `jsonb_array_elements_text(${source}) AS ${alias}(value)`;
  },
  like: (expr, pattern, negate) => `${expr} ${negate ? 'NOT ILIKE' : 'ILIKE'} ${pattern} ESCAPE '\\'`,
  same: (left, right, negate) => `${left} IS ${negate ? '' : 'NOT '}DISTINCT FROM ${right}`,
  comparable,
  orBlank: (x) => `COALESCE(${x.type === 'text' || x.type === 'any' ? x.sql : `CAST(${x.sql} AS TEXT)`}, '')`,
  text,
  number,
  // NULL outside [-1, 1], as SQLite answers (Postgres would fail the query)
  acos: (x) => `acos(CASE WHEN ${x} BETWEEN -1 AND 1 THEN ${x} END)`,
  strftime: (args) => `plinth_strftime(${args.map((a) => `CAST(${a} AS TEXT)`).join(', ')})`,
  rowid: (alias) => `${alias}.${quote(rowidColumn)}`,
  storageOrder: (alias) => `${alias}.${quote(rowidColumn)}`,
  randomOrder: () => 'RANDOM()',
  jsonArrayWrap: (expr) => `(CASE WHEN ${expr} IS NULL OR ${expr} = '' THEN '[]'::jsonb ELSE jsonb_build_array(${expr}) END)`,
  jsonArrayLast: (expr) =>
    `(CASE WHEN jsonb_typeof(${expr}) = 'array' THEN COALESCE(${expr} ->> -1, '') ELSE COALESCE(${expr} #>> '{}', '') END)`,
  finalize,
};
