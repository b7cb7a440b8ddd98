/**
 * PocketBase coerces record input with Go's spf13/cast and strconv. These helpers give the same
 * results for JSON and form values (checked against PocketBase 0.40.4), so that a value a client
 * sends is stored exactly as PocketBase would store it.
 */

import { formatFloatPlain } from './go-format.js';

/** cast.ToString: scalars print as Go prints them; objects and arrays cannot be cast and become "". */
export function castString(v: unknown): string {
  return castStringStrict(v) ?? '';
}

/** Like castString, but undefined when Go's cast would fail (objects, arrays). */
function castStringStrict(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatFloatPlain(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  return undefined;
}

/** cast.ToFloat64: numbers as-is, booleans 1/0, strings through strconv.ParseFloat; anything else 0. */
export function castNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** strconv.ParseBool's accepted spellings; anything else is false. */
const trueStrings = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** cast.ToBool. */
export function castBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return trueStrings.has(v);
  return false;
}

const decimalFloat = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const hexFloat = /^([+-]?)0[xX]_?([0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?[pP]([+-]?\d(?:_?\d)*)$/;
const infinity = /^[+-]?(?:inf|infinity)$/i;

/**
 * strconv.ParseFloat(s, 64): Go float literal syntax (underscores between digits, hex mantissas
 * with a binary exponent, inf/nan). Undefined on a syntax error or when a finite literal
 * overflows, which is where Go reports an error.
 */
export function parseGoFloat(s: string): number | undefined {
  if (decimalFloat.test(s)) {
    const n = Number(s.replace(/_/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (infinity.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  const h = hexFloat.exec(s);
  if (!h || (h[2] === undefined && h[3] === undefined)) return undefined;
  const int = (h[2] ?? '').replace(/_/g, '');
  const frac = (h[3] ?? '').replace(/_/g, '');
  const mantissa = parseInt(int + frac || '0', 16) / 16 ** frac.length;
  const n = mantissa * 2 ** Number(h[4].replace(/_/g, '')) * (h[1] === '-' ? -1 : 1);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * PocketBase's list.ToUniqueStringSlice, used for select/relation/file input: a string holding
 * "[" is read as a JSON array of strings, any other string is one value; arrays are cast element
 * by element (an object or array element voids the whole list, as Go's cast fails). Empty strings
 * are dropped and duplicates removed, keeping the first.
 */
export function uniqueStrings(v: unknown): string[] {
  return nonzeroUniques(toStringList(v));
}

function toStringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return v === '' ? [] : v.includes('[') ? stringsFromJson(v) : [v];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      const s = castStringStrict(item);
      if (s === undefined) return [];
      out.push(s);
    }
    return out;
  }
  const s = castStringStrict(v);
  return s === undefined ? [] : [s];
}

/**
 * Go's json.Unmarshal into []string: elements of another type are left "" and flag an error,
 * and on any error the raw text is appended as one more value.
 */
function stringsFromJson(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [text];
  }
  if (!Array.isArray(parsed)) return parsed === null ? [] : [text];
  let typeError = false;
  const out = parsed.map((item) => {
    if (typeof item === 'string') return item;
    if (item !== null) typeError = true;
    return '';
  });
  return typeError ? [...out, text] : out;
}

function nonzeroUniques(list: string[]): string[] {
  return [...new Set(list.filter((s) => s !== ''))];
}
