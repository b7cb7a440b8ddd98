/**
 * SQL text paired with the values of its `?` placeholders, in order. Fragments are composed with
 * the `sql` tag, which only accepts other fragments: the only way to put text into SQL is `raw`,
 * used for schema identifiers (quoted by the dialect) and fixed keywords, never for user input.
 */
export interface Sql {
  readonly text: string;
  readonly params: readonly unknown[];
}

export const raw = (text: string): Sql => ({ text, params: [] });
export const param = (value: unknown): Sql => ({ text: '?', params: [value] });

/**
 * A parameter that is part of a column reference (a json path), not a compared value: LIKE
 * never wraps it and it doesn't make an operand a literal.
 */
export class PathParam {
  constructor(readonly value: unknown) {}
}
export const pathParam = (value: unknown): Sql => ({ text: '?', params: [new PathParam(value)] });
export const empty: Sql = raw('');

export function sql(strings: TemplateStringsArray, ...parts: Sql[]): Sql {
  let text = strings[0];
  const params: unknown[] = [];
  parts.forEach((p, i) => {
    text += p.text + strings[i + 1];
    params.push(...p.params);
  });
  return { text, params };
}

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

/**
 * Runs a dialect helper (which takes and returns SQL strings) over fragments with parameters.
 * Helpers may repeat an argument (`CASE WHEN json_valid(x) THEN x ...`), so the placeholders in
 * the output are matched back to the arguments by counting them in order of appearance.
 */
export function viaDialect(build: (...texts: string[]) => string, ...args: Sql[]): Sql {
  return viaDialectAll((...texts) => [build(...texts)], ...args)[0];
}

/** `viaDialect` for a helper that returns several SQL strings built from the same arguments. */
export function viaDialectAll(build: (...texts: string[]) => readonly string[], ...args: Sql[]): Sql[] {
  if (args.every((a) => a.params.length === 0)) return build(...args.map((a) => a.text)).map(raw);
  // Build once with a unique marker per argument to learn where each one lands.
  const markers = args.map((_, i) => `\u0000${i}\u0000`);
  return build(...markers).map((shape) => {
    const params: unknown[] = [];
    const text = shape.replace(/\u0000(\d+)\u0000/g, (_, n: string) => {
      params.push(...args[Number(n)].params);
      return args[Number(n)].text;
    });
    return { text, params };
  });
}

/** Values as better-sqlite3 and pg bind them: booleans as 1/0, undefined as NULL. */
export function bindable(value: unknown): unknown {
  if (value instanceof PathParam) return value.value;
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
