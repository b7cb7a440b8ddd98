import { isIPv4, isIPv6 } from 'node:net';

/**
 * String formats the settings validators check, accepting exactly what PocketBase accepts
 * (its validators come from ozzo-validation `is.*`, govalidator and Go's net/netip), quirks
 * included, so a value that saves on PocketBase saves here. Regexes are written so that V8's
 * backtracking stays linear: Go's engine is, and these run on request input.
 */

/** Unicode ranges govalidator's email pattern admits as letters. */
const uni = '\\u{a0}-\\u{d7ff}\\u{f900}-\\u{fdcf}\\u{fdf0}-\\u{ffef}';
const atext = `a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${uni}`;
/** Folding white space inside a quoted local part. */
const fws = '(?:[ \\t]*\\r\\n)?[ \\t]+';
const qtext = `\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\x21\\x23-\\x5b\\x5d-\\x7e${uni}`;
/**
 * govalidator's quoted local part groups its repetition oddly: each repeat is an opening quote
 * plus one character, so `"a"@x.io` passes and `"ab"@x.io` does not. Kept for parity.
 */
const quotedLocal = `(?:"(?:${fws})?(?:[${qtext}]|\\([\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f${uni}]))*(?:${fws})?"`;
const dotAtom = `[${atext}]+(?:\\.[${atext}]+)*`;
const domChar = `a-zA-Z0-9${uni}`;
const tldChar = `a-zA-Z${uni}`;
/**
 * Labels may hold `.-_~` inside, so everything before the last dot is one run that starts and
 * ends with a letter or digit; the last part is a TLD that starts and ends with a letter.
 */
const domain = `[${domChar}](?:[${domChar}._~-]*[${domChar}])?\\.[${tldChar}](?:[${tldChar}0-9_~-]*[${tldChar}])?\\.?`;
const emailRe = new RegExp(`^(?:${dotAtom}|${quotedLocal})@${domain}$`, 'u');

/** ozzo `is.EmailFormat`. */
export function isEmail(s: string): boolean {
  return emailRe.test(s);
}

/** Go `net.ParseIP`: a plain IPv4 or IPv6 address, no zone. */
export function isPlainIp(s: string): boolean {
  return isIPv4(s) || (isIPv6(s) && !s.includes('%'));
}

const dnsLabel = '[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62}';
const dnsNameRe = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*[._]?$`);
/** govalidator's limit counts the name without its dots. */
const dnsNameCharsMax = 255;

/** ozzo `is.Host`: an IP, or a DNS-like name (`_` allowed, labels may end with `-`). */
export function isHost(s: string): boolean {
  if (isPlainIp(s)) return true;
  return s !== '' && s.replace(/\./g, '').length <= dnsNameCharsMax && dnsNameRe.test(s);
}

/** Go `netip.ParseAddr`: IPv6 may carry any non-empty zone after `%`. */
function isAddr(s: string): boolean {
  if (isIPv4(s)) return true;
  const at = s.indexOf('%');
  if (at < 0) return isIPv6(s);
  return at < s.length - 1 && isIPv6(s.slice(0, at));
}

/** Go `netip.ParsePrefix`: zone-less address, then decimal bits without leading zeros. */
function isPrefix(s: string): boolean {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (addr.includes('%') || !/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  if (isIPv4(addr)) return Number(bits) <= 32;
  return isIPv6(addr) && Number(bits) <= 128;
}

/** PocketBase `validators.IPOrSubnet`. */
export function isIpOrSubnet(s: string): boolean {
  return isPrefix(s) || isAddr(s);
}

/** ozzo `is.HexColor`: `#` is optional and 3 or 6 digits; the length rule narrows it further. */
export function isHexColor(s: string): boolean {
  return /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s);
}
