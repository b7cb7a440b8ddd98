import { isIPv6 } from 'node:net';

/**
 * ozzo `is.URL` (govalidator `IsURL`, 2023): Go's `url.Parse` must accept the text, then a
 * pattern of optional scheme, userinfo, host, port and path must match. The pattern is
 * decided piece by piece here because, written as one regex, its host part backtracks
 * exponentially in V8 (Go's engine is linear), and appURL comes from a request body.
 */

const runesMax = 2083;
const bytesMin = 4;
const schemeRe = /^(?:ftp|tcp|udp|wss?|https?):\/\//;
/** Go's `\s` is ASCII only. */
const spaceRe = /[\t\n\f\r ]/;
const tailRe = /^\.?(?::\d{1,5})?(?:[/?#][^\t\n\f\r ]*)?$/;

export function isUrl(s: string): boolean {
  if (s === '' || [...s].length >= runesMax || Buffer.byteLength(s) < bytesMin || s.startsWith('.')) return false;
  // Text with a colon but no "://" is read as host:port.
  const parsed = parseGoUrl(s.includes(':') && !s.includes('://') ? 'http://' + s : s);
  if (!parsed || parsed.host.startsWith('.')) return false;
  if (parsed.host === '' && parsed.path !== '' && !parsed.path.includes('.')) return false;
  return matchesPattern(s);
}

function matchesPattern(s: string): boolean {
  const scheme = schemeRe.exec(s)?.[0].length ?? 0;
  const starts = scheme ? [0, scheme] : [0];
  for (const start of starts) {
    // Userinfo is any run of non-space text ending in "@", so every "@" is a candidate end.
    const hostStarts = [start];
    for (let i = start + 1; i < s.length && !spaceRe.test(s[i - 1]); i++) if (s[i] === '@') hostStarts.push(i + 1);
    for (const from of hostStarts) if (matchesHostAndTail(s, from)) return true;
  }
  return false;
}

/** The host stops at the first character it can't contain; the tail may take one dot before it. */
function matchesHostAndTail(s: string, from: number): boolean {
  let end = from;
  if (s[end] === '[') end = s.indexOf(']', end) + 1 || s.length;
  while (end < s.length && !/[:/?#@\t\n\f\r ]/.test(s[end])) end++;
  for (const e of s[end - 1] === '.' ? [end, end - 1] : [end]) {
    if (e > from && tailRe.test(s.slice(e)) && isPatternHost(s.slice(from, e))) return true;
  }
  return false;
}

const ipv4Re = /^(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3]|24\d|25[0-5])(?:\.(?:\d{1,2}|1\d\d|2[0-4]\d|25[0-5])){2}\.(?:[0-9]\d?|1\d\d|2[0-4]\d|25[0-5])$/;
const wide = 'a-zA-Z0-9\\u{a1}-\\u{ffff}';
/** The last host label: letters/digits with up to two dashes between runs, then an optional letters-only TLD. */
const labelRe = new RegExp(`^[${wide}]+(?:--?[${wide}]+)*(?:\\.[a-zA-Z\\u{a1}-\\u{ffff}]+)?$`, 'u');
/** An ASCII name with `_`/`-` inside its first part and dotted or dashed parts after it. */
const dashedRe = /^[a-zA-Z0-9][a-zA-Z0-9_-]*[a-zA-Z0-9](?:\.[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*)*$/;
/** `www.`, or ASCII words joined by single `-_.` whose last joint is a dot. */
const subdomainRe = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*\.[a-zA-Z0-9]+$/;

function isPatternHost(h: string): boolean {
  if (ipv4Re.test(h)) return true;
  if (h.startsWith('[')) return h.endsWith(']') && isBracketedIp(h.slice(1, -1));
  // Host = optional ASCII prefix name, then a final label; try every split between the two.
  for (let k = 0; k < h.length; k++) {
    if (!labelRe.test(h.slice(k))) continue;
    if (k === 0 || isPrefixName(h.slice(0, k))) return true;
  }
  return false;
}

function isPrefixName(p: string): boolean {
  if (p === 'www.' || dashedRe.test(p)) return true;
  // govalidator's subdomain form ends its part before the last dot with two letters or digits.
  return subdomainRe.test(p) && /[a-zA-Z0-9]{2}$/.test(p.slice(0, p.lastIndexOf('.')));
}

function isBracketedIp(inner: string): boolean {
  if (/^fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+$/.test(inner)) return true;
  return inner.includes(':') && !inner.includes('%') && isIPv6(inner);
}

interface GoUrl {
  host: string;
  path: string;
}

/** The checks of Go's `url.Parse` that can reject text; returns host and (escaped) path. */
function parseGoUrl(raw: string): GoUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return undefined;
  const hash = raw.indexOf('#');
  if (hash >= 0 && !validEscapes(raw.slice(hash + 1))) return undefined;
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  if (rest.startsWith(':')) return undefined; // "missing protocol scheme"
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(rest)?.[0] ?? '';
  rest = rest.slice(scheme.length);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme) return { host: '', path: '' }; // opaque, e.g. "mailto:x"
    if (rest.split('/')[0].includes(':')) return undefined;
  }
  let host = '';
  if (rest.startsWith('//') && (scheme || !rest.startsWith('///'))) {
    const slash = rest.indexOf('/', 2);
    const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0 && !/^[a-zA-Z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) return undefined;
    if (at >= 0 && !validEscapes(authority.slice(0, at))) return undefined;
    host = authority.slice(at + 1);
    if (!validHost(host)) return undefined;
  }
  return validEscapes(rest) ? { host, path: rest } : undefined;
}

function validEscapes(s: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(s);
}

function validHost(host: string): boolean {
  let port = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    port = host.slice(close + 1);
  } else if (host.includes(':')) {
    port = host.slice(host.lastIndexOf(':'));
  }
  if (port !== '' && !/^:\d*$/.test(port)) return false;
  // Go rejects ASCII a host name may not hold; non-ASCII passes through.
  return validEscapes(host) && !/[\x20`^{}|\\]/.test(host);
}
