import { randomString } from '../lib/ids.js';

/**
 * Stored file names, made as PocketBase makes them: the client's name snake_cased, a random
 * suffix so names can't be guessed or collide, and a cleaned extension (from the bytes when the
 * name has none). `My Photo.jpg` → `my_photo_k2j4h5g6f7.jpg`.
 */

const suffixAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const suffixChars = 10;
/** Longer client names are cut from the start: only their tail is used. */
const sourceCharsMax = 300;
const baseCharsMin = 3;
const baseCharsMax = 100;
const extCharsMax = 20;
const extInvalidChars = /[^\w.*\-+=#]+/g;

/** The last path element, as Go's multipart reader reports a part's file name ('/' only). */
export function fileBaseName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (!trimmed) return name ? '/' : '';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `.tar.gz` style double extensions count as one. */
export function extractExtension(name: string): string {
  const primary = name.lastIndexOf('.');
  if (primary < 0) return '';
  const secondary = name.lastIndexOf('.', primary - 1);
  return secondary >= 0 ? name.slice(secondary) : name.slice(primary);
}

/** Words split at non-word chars; `myTestDB` → `my_test_db` (abbreviations stay together). */
export function snakecase(text: string): string {
  const words = text.split(/[\W_]+/).filter(Boolean);
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  return words
    .map((w) => [...w].map((c, i) => (i > 0 && isUpper(c) && !isUpper(w[i - 1]) ? '_' + c : c)).join(''))
    .join('_')
    .toLowerCase();
}

const trimDots = (s: string) => s.replace(/^\.+|\.+$/g, '');

/** `detectedExt` (e.g. `.png`, or '') is used only when the client name has no usable extension. */
export function normalizeFileName(original: string, detectedExt: string): string {
  const name = original.length > sourceCharsMax ? original.slice(-sourceCharsMax) : original;
  const originalExt = extractExtension(name);
  let ext = '.' + trimDots(originalExt.replace(extInvalidChars, ''));
  if (ext === '.') ext = detectedExt;
  if (ext.length > extCharsMax) ext = '.' + trimDots(ext.slice(-extCharsMax));
  let base = snakecase(trimDots(name.slice(0, name.length - originalExt.length)));
  if (base.length < baseCharsMin) base += randomString(suffixChars, suffixAlphabet);
  else if (base.length > baseCharsMax) base = base.slice(0, baseCharsMax);
  return `${base}_${randomString(suffixChars, suffixAlphabet)}${ext}`;
}

/**
 * A name that can be one path element of a storage key: never empty, no separators, no
 * leading dot (so never `.` or `..`), no control characters.
 */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\x00-\x1f]/.test(name) && !name.startsWith('.');
}
