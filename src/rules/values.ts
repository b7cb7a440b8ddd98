/**
 * Value conversions the way PocketBase's Go code performs them, so that parameters compare and
 * LIKE-match the same as there.
 */

/** Go's `cast.ToString`: numbers without exponent, booleans as words, others blank. */
export function castToString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    const s = String(v);
    return s.includes('e') ? v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : s;
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

/** Go's `strconv.ParseFloat` for decimal text; undefined when Go would fail. */
export function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A `~` operand: wrapped as `%value%` with `\ % _` escaped, unless it already holds an unescaped
 * `%`, in which case the caller wrote the pattern and it is used as is.
 */
export function likePattern(v: unknown): string {
  const s = castToString(v);
  if (hasUnescaped(s, '%')) return s;
  return '%' + escapeUnescaped(s) + '%';
}

function hasUnescaped(s: string, ch: string): boolean {
  let prev = '';
  for (const c of s) {
    if (c === ch && prev !== '\\') return true;
    // `\\` is an escaped backslash: it doesn't escape what follows.
    prev = c === '\\' && prev === '\\' ? '' : c;
  }
  return false;
}

const likeSpecial = new Set(['\\', '%', '_']);

/** Escapes `\ % _` unless already preceded by a backslash (which then counts as their escape). */
function escapeUnescaped(s: string): string {
  const chars = [...s];
  const out: string[] = [];
  let pending = false;
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i];
    if (pending) {
      if (c !== '\\') out.push('\\');
      pending = false;
    } else if (likeSpecial.has(c)) {
      pending = true;
    }
    out.push(c);
    if (i === 0 && pending) out.push('\\');
  }
  return out.reverse().join('');
}
