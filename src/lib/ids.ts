import { randomBytes, randomInt } from 'node:crypto';

const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random string over an alphabet, using rejection-free crypto ints. */
export function randomString(length: number, alphabet = alnum): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Default 15-char record id (`[a-z0-9]{15}`). */
export function newId(): string {
  return randomString(15, lowerAlnum);
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32/IEEE as an unsigned decimal; PocketBase derives default collection and field ids from it. */
export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'utf8')) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const defaultCollectionId = (type: string, name: string) => 'pbc_' + crc32(type + name);
export const defaultFieldId = (type: string, name: string) => type + crc32(name);

/**
 * Generates a string matching a simple regex of the kind PocketBase uses for `autogeneratePattern`:
 * a sequence of literal chars and `[class]{n}` / `[class]{m,n}` / `[class]` atoms.
 * Returns null for patterns outside that subset.
 */
export function generateFromPattern(pattern: string): string | null {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) return null;
      const chars = expandClass(pattern.slice(i + 1, end));
      if (!chars) return null;
      i = end + 1;
      let count = 1;
      const q = /^\{(\d+)(?:,(\d+))?\}/.exec(pattern.slice(i));
      if (q) {
        const min = Number(q[1]);
        const max = q[2] ? Number(q[2]) : min;
        count = min + (max > min ? randomInt(max - min + 1) : 0);
        i += q[0].length;
      }
      out += randomString(count, chars);
    } else if (ch === '\\' && i + 1 < pattern.length) {
      out += pattern[i + 1];
      i += 2;
    } else if ('^$'.includes(ch)) {
      i++;
    } else if ('(){}*+?|.'.includes(ch)) {
      return null;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function expandClass(body: string): string | null {
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const a = body.charCodeAt(i);
      const b = body.charCodeAt(i + 2);
      if (b < a) return null;
      for (let c = a; c <= b; c++) chars += String.fromCharCode(c);
      i += 2;
    } else chars += body[i];
  }
  return chars || null;
}
