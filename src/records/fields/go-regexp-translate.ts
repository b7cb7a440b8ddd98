/**
 * Rewrites a Go RE2 pattern into JavaScript `u`-mode syntax with the same meaning for the
 * constructs people use in field patterns. RE2 features JavaScript lacks, and JavaScript
 * features RE2 rejects, become a Go-worded error so the option is refused as PocketBase does.
 */

/** RE2 refuses larger `{n,m}` counts. */
const repeatCountMax = 1000;

export class GoSyntaxError extends Error {}

export interface Translated {
  source: string;
  flags: string;
}

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Go's \s is ASCII-only; JavaScript's also matches Unicode spaces. */
const goSpace = '\\t\\n\\f\\r ';

const hex = (code: number) => `\\u{${code.toString(16)}}`;
const isPunct = (ch: string) => /^[!-/:-@[-`{-~]$/.test(ch);

/** One translated token: its JavaScript text and how many pattern chars it consumed. */
interface Step {
  text: string;
  length: number;
  /** \d, \w, [:alpha:] and the like: a `-` next to one is literal. */
  classEscape?: boolean;
}

interface ScanState {
  inClass: boolean;
  /** Just after `[` or `[^`, where RE2 reads `]` as a literal. */
  classStart: boolean;
  afterClassEscape: boolean;
  dotAll: boolean;
}

export function translateGoRegexp(pattern: string): Translated {
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  // Only leading flags translate (to RegExp flags); JavaScript has no ungreedy mode.
  if (lead?.[1].includes('U')) fail('invalid or unsupported Perl syntax', lead[0]);
  const flags = 'u' + (lead?.[1] ?? '');
  const st: ScanState = { inClass: false, classStart: false, afterClassEscape: false, dotAll: flags.includes('s') };
  let out = '';
  for (let i = lead?.[0].length ?? 0; i < pattern.length; ) {
    const atClassStart = st.classStart;
    st.classStart = false;
    const step = pattern[i] === '\\'
      ? escape(pattern, i, st.inClass)
      : st.inClass ? classStep(pattern, i, st, atClassStart) : plainStep(pattern, i, st);
    st.afterClassEscape = Boolean(step.classEscape);
    out += step.text;
    i += step.length;
  }
  return { source: out, flags };
}

/** A token outside brackets. */
function plainStep(p: string, i: number, st: ScanState): Step {
  const ch = p[i];
  if (ch === '[') {
    st.inClass = true;
    st.classStart = true;
    return p[i + 1] === '^' ? { text: '[^', length: 2 } : { text: '[', length: 1 };
  }
  if (ch === '(') return group(p, i);
  if (ch === '{') return brace(p, i);
  // Lone closers are literals in RE2 but errors in `u` mode.
  if (ch === '}' || ch === ']') return { text: '\\' + ch, length: 1 };
  // RE2's . excludes only \n; JavaScript's also excludes \r and Unicode line breaks.
  if (ch === '.' && !st.dotAll) return { text: '[^\\n]', length: 1 };
  return { text: ch, length: 1 };
}

/** A token inside brackets. */
function classStep(p: string, i: number, st: ScanState, atClassStart: boolean): Step {
  const ch = p[i];
  if (ch === ']') {
    if (atClassStart) return { text: '\\]', length: 1 };
    st.inClass = false;
    return { text: ']', length: 1 };
  }
  const posix = ch === '[' ? /^\[:(\w+):\]/.exec(p.slice(i)) : null;
  if (posix && posixClasses[posix[1]]) return { text: posixClasses[posix[1]], length: posix[0].length, classEscape: true };
  if (ch === '[') return { text: '\\[', length: 1 };
  const beforeClassEscape = p[i + 1] === '\\' && /[dDwWsSpP]/.test(p[i + 2] ?? '');
  if (ch === '-' && (st.afterClassEscape || beforeClassEscape)) return { text: '\\-', length: 1 };
  return { text: ch, length: 1 };
}

function fail(reason: string, fragment: string): never {
  throw new GoSyntaxError(`${reason}: \`${fragment}\``);
}

/** One escape sequence at `i`. */
function escape(p: string, i: number, inClass: boolean): Step {
  const c = p[i + 1];
  if (c === undefined) fail('trailing backslash at end of expression', '');
  // Any escaped punctuation is a literal in RE2; `u` mode allows only some, so spell the code point.
  if (isPunct(c)) return { text: hex(c.charCodeAt(0)), length: 2 };
  if ('dDwW'.includes(c)) return { text: '\\' + c, length: 2, classEscape: true };
  if ('bBfnrtv'.includes(c)) return { text: '\\' + c, length: 2 };
  if (c === 's') return { text: inClass ? goSpace : `[${goSpace}]`, length: 2, classEscape: true };
  if (c === 'S') return { text: inClass ? '\\S' : `[^${goSpace}]`, length: 2, classEscape: true };
  if (c === 'a') return { text: hex(7), length: 2 };
  if (c === 'z' && !inClass) return { text: '(?![\\s\\S])', length: 2 };
  if (c === 'A' && !inClass) return { text: '(?<![\\s\\S])', length: 2 };
  if (c === 'p' || c === 'P') return unicodeClass(p, i);
  if (c === 'x') {
    const m = /^\{([0-9a-fA-F]{1,6})\}|^([0-9a-fA-F]{2})/.exec(p.slice(i + 2));
    if (!m) fail('invalid escape sequence', p.slice(i, i + 4));
    return { text: hex(parseInt(m[1] ?? m[2], 16)), length: 2 + m[0].length };
  }
  // RE2 reads \0.. and \1-\7 followed by more octal digits as octal; a lone \1 is a backreference it refuses.
  const octal = /^(?:0[0-7]{0,2}|[1-7][0-7]{1,2})/.exec(p.slice(i + 1));
  if (octal) return { text: hex(parseInt(octal[0], 8)), length: 1 + octal[0].length };
  if (c === 'Q') return quoted(p, i);
  return fail('invalid escape sequence', '\\' + c);
}

/** `\pL`, `\p{Greek}`, `\P{^L}`: JavaScript needs the braces. */
function unicodeClass(p: string, i: number): Step {
  const m = /^\{(\^?)(\w+)\}|^(\w)/.exec(p.slice(i + 2));
  if (!m) fail('invalid character class range', p.slice(i, i + 3));
  const negate = (p[i + 1] === 'P') !== Boolean(m[1]);
  return { text: `\\${negate ? 'P' : 'p'}{${m[2] ?? m[3]}}`, length: 2 + m[0].length, classEscape: true };
}

/** `\Q...\E`: everything between is literal. */
function quoted(p: string, i: number): Step {
  const end = p.indexOf('\\E', i + 2);
  const body = p.slice(i + 2, end < 0 ? undefined : end);
  const text = [...body].map((ch) => (/[\w\s]/.test(ch) || ch.charCodeAt(0) > 0x7f ? ch : hex(ch.charCodeAt(0)))).join('');
  return { text, length: (end < 0 ? p.length : end + 2) - i };
}

/** Groups: plain, non-capturing and named pass; lookarounds and inner flag groups are refused. */
function group(p: string, i: number): Step {
  if (p[i + 1] !== '?') return { text: '(', length: 1 };
  const rest = p.slice(i);
  if (rest.startsWith('(?:')) return { text: '(?:', length: 3 };
  const named = /^\(\?P?<(\w+)>/.exec(rest);
  if (named) return { text: `(?<${named[1]}>`, length: named[0].length };
  return fail('invalid or unsupported Perl syntax', rest.slice(0, 3));
}

/** A `{` opens a repeat only when well formed; otherwise RE2 reads it as a literal. */
function brace(p: string, i: number): Step {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (!m) return { text: '\\{', length: 1 };
  const min = Number(m[1]);
  const max = m[3] ? Number(m[3]) : min;
  if (min > repeatCountMax || max > repeatCountMax || max < min) fail('invalid repeat count', m[0]);
  return { text: m[0], length: m[0].length };
}
