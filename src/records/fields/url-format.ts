/**
 * govalidator's IsURL (what PocketBase's url field uses): a few guards, Go's net/url parse, then a
 * large pattern. The pattern is restated with unambiguous repetitions so that JavaScript's
 * backtracking stays polynomial, accepting the same strings (single-letter labels are refused).
 */

/** govalidator's bounds: rune count below 2083, byte length above 3. */
const urlRunesMax = 2083;
const urlBytesMin = 3;

const nonSpace = '[^\\t\\n\\f\\r ]'; // Go's \S
const ipv4 = '(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3]|24\\d|25[0-5])(?:\\.(?:\\d{1,2}|1\\d\\d|2[0-4]\\d|25[0-5])){2}(?:\\.(?:[0-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-5]))';
const h16 = '[0-9a-fA-F]{1,4}';
const v4 = '(?:(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])\\.){3}(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const ipv6 = [
  `(?:${h16}:){7}${h16}`, `(?:${h16}:){1,7}:`, `(?:${h16}:){1,6}:${h16}`, `(?:${h16}:){1,5}(?::${h16}){1,2}`,
  `(?:${h16}:){1,4}(?::${h16}){1,3}`, `(?:${h16}:){1,3}(?::${h16}){1,4}`, `(?:${h16}:){1,2}(?::${h16}){1,5}`,
  `${h16}:(?::${h16}){1,6}`, `:(?:(?::${h16}){1,7}|:)`, 'fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+',
  `::(?:ffff(?::0{1,4})?:)?${v4}`, `(?:${h16}:){1,4}:${v4}`,
].join('|');
/**
 * govalidator's host name: 2+ alphanumerics with inner `-`/`_`, then `-`/`.`-joined alphanumeric
 * parts. Dash parts fold into the first part, so only a dotted tail is kept separate.
 */
const hostName = '[a-zA-Z0-9][a-zA-Z0-9\\-_]*[a-zA-Z0-9](?:\\.[a-zA-Z0-9]+(?:[\\-.][a-zA-Z0-9]+)*)?';
/** govalidator's "subdomain": `www.` or runs split by single `-_.` whose last run has 2+ chars. */
const subdomain = '(?:www\\.|(?:[a-zA-Z0-9]+[\\-_.])*[a-zA-Z0-9]{2,}\\.[a-zA-Z0-9]+)';
const labelChar = '[a-zA-Z\\u{a1}-\\u{ffff}0-9]';
/** Label: runs of label characters joined by one or two dashes. */
const label = `${labelChar}+(?:--?${labelChar}+)*`;
const tld = '(?:\\.[a-zA-Z\\u{a1}-\\u{ffff}]+)?';

const urlPattern = new RegExp(
  `^(?:(?:ftp|tcp|udp|wss?|https?)://)?(?:${nonSpace}+@)?` +
    `(?:${ipv4}|\\[(?:${ipv6})\\]|(?:${hostName}|${subdomain})?${label}${tld})` +
    `\\.?(?::\\d{1,5})?(?:[/?#]${nonSpace}*)?$`,
  'u',
);

export function isGoURL(s: string): boolean {
  if (s === '' || [...s].length >= urlRunesMax || Buffer.byteLength(s) <= urlBytesMin || s.startsWith('.')) return false;
  // A colon without "://" is taken as host:port, so the parse sees a scheme.
  const u = parseGoUrl(s.includes(':') && !s.includes('://') ? 'http://' + s : s);
  if (!u || u.host.startsWith('.')) return false;
  if (u.host === '' && u.path !== '' && !u.path.includes('.')) return false;
  return urlPattern.test(s);
}

export interface GoUrl {
  /** As Go keeps it: with the port, case preserved. */
  host: string;
  path: string;
}

/** The parts of Go's url.Parse the checks need; null where Go returns an error. */
export function parseGoUrl(raw: string): GoUrl | null {
  const hash = raw.indexOf('#');
  const main = hash < 0 ? raw : raw.slice(0, hash);
  if (hash >= 0 && unescape(raw.slice(hash + 1), 'other') === null) return null;
  if (/[\x00-\x1f\x7f]/.test(main)) return null;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+\-.]*(?=:)/.exec(main)?.[0] ?? '';
  if (main.startsWith(':')) return null; // "missing protocol scheme"
  let rest = main.slice(scheme ? scheme.length + 1 : 0);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme) return { host: '', path: '' }; // opaque, e.g. mailto:x
    if (rest.split('/')[0].includes(':')) return null;
  }
  let host = '';
  if ((scheme || !rest.startsWith('///')) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const h = parseAuthority(authority);
    if (h === null) return null;
    host = h;
  }
  const path = unescape(rest, 'other');
  return path === null ? null : { host, path };
}

function parseAuthority(authority: string): string | null {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (host === null || at < 0) return host;
  const userinfo = authority.slice(0, at);
  return /^[a-zA-Z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo) && unescape(userinfo, 'other') !== null ? host : null;
}

function parseHost(host: string): string | null {
  let port: string;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return null;
    port = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    port = colon < 0 ? '' : host.slice(colon);
  }
  if (!/^(?::\d*)?$/.test(port)) return null;
  return unescape(host, 'host') === null ? null : host;
}

/** Bytes a host may hold unescaped besides alphanumerics (Go's shouldEscape for hosts). */
const hostSafe = new Set("-_.~!$&'()*+,;=:[]<>\"");

/** Go's unescape: `%` must start two hex digits; hosts may %-encode only non-ASCII bytes (or %25). */
function unescape(s: string, mode: 'host' | 'other'): string | null {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '%') {
      if (!/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) return null;
      if (mode === 'host' && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') return null;
      i += 2;
    } else if (mode === 'host' && ch.charCodeAt(0) < 0x80 && !/[a-zA-Z0-9]/.test(ch) && !hostSafe.has(ch)) {
      return null;
    }
  }
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
