/**
 * A small SQL tokenizer: enough to rewrite placeholders and identifiers without touching string
 * literals, quoted identifiers, comments or dollar-quoted bodies.
 */
export type TokenKind = 'space' | 'comment' | 'string' | 'dollar' | 'quoted' | 'backtick' | 'word' | 'param' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
}

const wordRe = /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/y;
const dollarTagRe = /\$([A-Za-z_]\w*)?\$/y;

export function scanSql(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    out.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j])) j++;
      push('space', j);
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      push('comment', j < 0 ? sql.length : j);
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      push('comment', j < 0 ? sql.length : j + 2);
    } else if (c === "'" || c === '"' || c === '`') {
      push(c === "'" ? 'string' : c === '"' ? 'quoted' : 'backtick', closeQuote(sql, i, c));
    } else if (c === '$' && (dollarTagRe.lastIndex = i, dollarTagRe.test(sql))) {
      const tag = sql.slice(i, dollarTagRe.lastIndex);
      const j = sql.indexOf(tag, dollarTagRe.lastIndex);
      push('dollar', j < 0 ? sql.length : j + tag.length);
    } else if (c === '?') {
      push('param', i + 1);
    } else if ((wordRe.lastIndex = i, wordRe.test(sql))) {
      push('word', wordRe.lastIndex);
    } else {
      push('other', i + 1);
    }
  }
  return out;
}

/** End of a quoted run starting at `start`; a doubled quote character is part of the text. */
function closeQuote(sql: string, start: number, q: string): number {
  let j = start + 1;
  for (;;) {
    const k = sql.indexOf(q, j);
    if (k < 0) return sql.length;
    if (sql[k + 1] === q) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

/** The identifier inside a `"..."` or `` `...` `` token. */
export function unquote(token: Token): string {
  const q = token.text[0];
  return token.text.slice(1, -1).split(q + q).join(q);
}
