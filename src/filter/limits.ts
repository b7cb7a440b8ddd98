/**
 * Limits of the filter and sort languages. Every one of them bounds work an anonymous client can
 * make the server do with a single query string.
 */

/** Longest filter accepted, in UTF-8 bytes as PocketBase counts it; longer ones answer 400. */
export const filterLengthMax = 3500;

/** Comparisons (`a = b`) per filter; each may add joins and subqueries to the SQL. */
export const comparisonsMax = 200;

/** Parenthesis nesting; keeps the recursive parser and compiler far from the stack limit. */
export const groupDepthMax = 64;

/** Function calls nested inside a function's arguments (`f(g(h()))` is the deepest). */
export const functionNestingMax = 2;

/** Arguments of one function call; `strftime` is the widest real function with 10. */
export const functionArgsMax = 10;

/** Sort expressions per request (`sort=a,-b,...`). */
export const sortExprMax = 8;

/** Length of one sort expression. */
export const sortFieldLengthMax = 255;

/** Relation hops in one identifier path (`a.b.c.d.e.f.field`). */
export const relationDepthMax = 6;

/** Tables joined for one filter or sort term; SQLite refuses more than 64 in one SELECT. */
export const joinsMax = 48;
