import type { ColumnKind, Dialect } from '../dialect.js';

const columnDefs: Record<ColumnKind, string> = {
  primaryKey: 'TEXT PRIMARY KEY NOT NULL',
  text: "TEXT DEFAULT '' NOT NULL",
  number: 'NUMERIC DEFAULT 0 NOT NULL',
  bool: 'BOOLEAN DEFAULT FALSE NOT NULL',
  json: 'JSON DEFAULT NULL',
  jsonArray: "JSON DEFAULT '[]' NOT NULL",
  geoPoint: `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL`,
};

function jsonPath(path: readonly (string | number)[]): string {
  let p = '$';
  for (const seg of path) {
    p += typeof seg === 'number' || /^\d+$/.test(String(seg)) ? `[${seg}]` : `."${String(seg).replace(/"/g, '')}"`;
  }
  return p;
}

/** A bound path: keys are quoted so that any characters are taken literally. */
function boundJsonPath(path: readonly (string | number)[]): string {
  return '$' + path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : '.' + JSON.stringify(seg))).join('');
}

const quote = (id: string) => '`' + id.replace(/`/g, '``') + '`';

/**
 * SQLite compares values of any types (column affinity converts them), so everything that makes
 * values comparable for Postgres is the identity here.
 */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  quote,
  columnDef: (kind) => columnDefs[kind],
  hiddenColumns: () => [],
  uniqueNoCase: () => ({ columnDef: 'TEXT UNIQUE NOT NULL COLLATE NOCASE', after: [] }),
  dropCascadesToViews: false,
  dropRelation: (kind, name) => `DROP ${kind} IF EXISTS ${quote(name)}`,
  indexSql: (sql) => sql,
  viewSql: (sql) => sql,
  bindAs: (placeholder) => placeholder,
  lockRows: () => '',
  schemaLock: () => '',
  bool: (value) => (value ? '1' : '0'),
  // Paths come from validated identifiers (\w segments), never from user literals.
  jsonExtract: (expr, path) =>
    `(CASE WHEN json_valid(${expr}) THEN json_extract(${expr}, '${jsonPath(path)}') ELSE NULL END)`,
  jsonExtractAt: (expr, path) => `(CASE WHEN json_valid(${expr}) THEN json_extract(${expr}, ${path}) ELSE NULL END)`,
  jsonPath: boundJsonPath,
  jsonArrayLength: (expr) =>
    `(CASE WHEN json_valid(${expr}) AND json_type(${expr}) = 'array' THEN json_array_length(${expr}) WHEN ${expr} IS NULL OR ${expr} = '' THEN 0 ELSE 1 END)`,
  jsonEach: (expr, alias) =>
    `json_each(CASE WHEN json_valid(${expr}) AND json_type(${expr}) = 'array' THEN ${expr} ELSE json_array(${expr}) END) ${alias}`,
  like: (expr, pattern, negate) => `${expr} ${negate ? 'NOT LIKE' : 'LIKE'} ${pattern} ESCAPE '\\'`,
  same: (left, right, negate) => `${left} ${negate ? 'IS NOT' : 'IS'} ${right}`,
  comparable: (left, right) => ({ left: left.sql, right: right.sql, type: 'any' }),
  orBlank: (x) => `COALESCE(${x.sql}, '')`,
  text: (x) => x.sql,
  number: (x) => x.sql,
  acos: (x) => `acos(${x})`,
  strftime: (args) => `strftime(${args.join(', ')})`,
  rowid: (alias) => `${alias}._rowid_`,
  storageOrder: () => '',
  randomOrder: () => 'RANDOM()',
  jsonArrayWrap: (expr) =>
    `(CASE WHEN ${expr} IS NULL OR ${expr} = '' THEN '[]' WHEN json_valid(${expr}) AND json_type(${expr}) = 'array' THEN ${expr} ELSE json_array(${expr}) END)`,
  jsonArrayLast: (expr) =>
    `(CASE WHEN json_valid(${expr}) AND json_type(${expr}) = 'array' THEN COALESCE(json_extract(${expr}, '$[#-1]'), '') ELSE COALESCE(${expr}, '') END)`,
  finalize: (sql) => sql,
};
