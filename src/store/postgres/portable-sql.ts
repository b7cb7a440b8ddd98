import { scanSql, unquote, type Token } from './sql-scan.js';

/**
 * PocketBase's index statements and view queries are written for SQLite: backtick identifiers,
 * identifiers in any case (SQLite ignores case, Postgres folds unquoted ones to lower case),
 * `COLLATE NOCASE`. These rewrite them for Postgres, or say clearly what cannot be.
 */

/** Words that are SQL syntax even where a table or column has the same name. */
const syntax = new Set(`select from where and or not as on join left right inner outer cross full natural using order by group
having limit offset union all distinct case when then else end is null in like ilike between exists asc desc create unique index
if collate with true false cast over partition escape except intersect values default primary key references filter window
rows range preceding following current unbounded nulls first last lateral recursive`.split(/\s+/));

/** Type names after `CAST(x AS`: not aliases. */
const typeNames = new Set('text integer int bigint smallint real numeric decimal float double precision boolean varchar char date time timestamp timestamptz json jsonb'.split(' '));

/** SQLite functions and words with no Postgres equivalent of the same name. */
const sqliteOnly = new Set([
  'json_extract', 'json_each', 'json_tree', 'json_array_length', 'json_type', 'json_valid', 'json_group_array', 'json_group_object',
  'json_object', 'json_array', 'json_insert', 'json_replace', 'json_set', 'json_remove', 'json_patch', 'json_quote', 'strftime',
  'datetime', 'date', 'time', 'julianday', 'unixepoch', 'group_concat', 'iif', 'instr', 'printf', 'total', 'typeof', 'zeroblob',
  'randomblob', 'hex', 'quote', 'glob', 'likelihood', 'last_insert_rowid', 'changes', 'total_changes', 'char', 'unicode', 'soundex',
]);
const sqliteOnlyWords = new Set(['_rowid_', 'rowid', 'oid', 'glob', 'regexp']);

/** Lower-case spelling → the stored spelling, for the names a statement may mention. */
function nameMap(names: readonly string[]): Map<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), n]));
}

const quoteIdent = (id: string) => '"' + id.replace(/"/g, '""') + '"';

function nextSignificant(tokens: Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) if (tokens[j].kind !== 'space' && tokens[j].kind !== 'comment') return tokens[j];
  return undefined;
}

function prevSignificant(tokens: Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) if (tokens[j].kind !== 'space' && tokens[j].kind !== 'comment') return tokens[j];
  return undefined;
}

/** Names the statement defines itself (`... AS alias`), so later mentions in any case find them. */
function aliases(tokens: Token[]): string[] {
  const out: string[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || t.text.toLowerCase() !== 'as') return;
    const next = nextSignificant(tokens, i);
    if (next?.kind === 'word' && !syntax.has(next.text.toLowerCase()) && !typeNames.has(next.text.toLowerCase())) out.push(next.text);
    else if (next && (next.kind === 'quoted' || next.kind === 'backtick')) out.push(unquote(next));
  });
  return out;
}

/** Identifiers as Postgres must see them: quoted, in the spelling the schema stores. */
function rewriteIdentifiers(tokens: Token[], names: Map<string, string>, onWord?: (word: string, isCall: boolean) => string | undefined): string {
  return tokens.map((t, i) => {
    // SQLite reads "" as the empty string; Postgres has no empty identifier
    if (t.kind === 'quoted' && t.text === '""') return "''";
    if (t.kind === 'backtick' || t.kind === 'quoted') {
      const id = unquote(t);
      return quoteIdent(names.get(id.toLowerCase()) ?? id);
    }
    if (t.kind === 'other' && t.text === '=' && tokens[i + 1]?.text === '=') return '';
    if (t.kind !== 'word') return t.text;
    const lower = t.text.toLowerCase();
    const isCall = nextSignificant(tokens, i)?.text === '(';
    const replaced = onWord?.(lower, isCall);
    if (replaced !== undefined) return replaced;
    if (isCall || syntax.has(lower)) return t.text;
    // after AS, a new name keeps the case it was written in
    const prev = prevSignificant(tokens, i);
    const afterAs = prev?.kind === 'word' && prev.text.toLowerCase() === 'as';
    if (afterAs && typeNames.has(lower)) return t.text;
    const known = names.get(lower) ?? (afterAs ? t.text : undefined);
    return known === undefined ? t.text : quoteIdent(known);
  }).join('');
}

/** `CREATE [UNIQUE] INDEX ...` for Postgres; `x COLLATE NOCASE` becomes `LOWER(x)`. */
export function portableIndex(sql: string, names: readonly string[]): string {
  const text = sql.trim().replace(/;\s*$/, '');
  const tokens = scanSql(text);
  const out = rewriteIdentifiers(tokens, nameMap(names));
  return out.replace(/("(?:[^"]|"")+"|\w+)\s+COLLATE\s+NOCASE\b/gi, 'LOWER($1)');
}

export class NonPortableSqlError extends Error {}

/**
 * A view query for Postgres. `IFNULL` and `==` are rewritten; SQLite-only functions (json_extract,
 * strftime, datetime, group_concat, ...) and rowid are refused with the construct named.
 */
export function portableQuery(sql: string, names: readonly string[]): string {
  const tokens = scanSql(sql);
  const map = nameMap([...names, ...aliases(tokens)]);
  return rewriteIdentifiers(tokens, map, (word, isCall) => {
    if (isCall && word === 'ifnull') return 'COALESCE';
    if ((isCall && sqliteOnly.has(word)) || (!isCall && sqliteOnlyWords.has(word) && !map.has(word))) {
      throw new NonPortableSqlError(
        `"${word}" is SQLite-only SQL; on Postgres a view query must use portable SQL (e.g. COALESCE, CAST, standard operators) or Postgres functions`,
      );
    }
    return undefined;
  });
}
