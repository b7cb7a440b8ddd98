/**
 * HTTP range and conditional requests for served files, with the semantics of Go's
 * `http.ServeContent` (what PocketBase answers with): `Range: bytes=…` with suffix and open
 * ranges, several ranges as multipart/byteranges, `If-Modified-Since`, `If-Unmodified-Since`,
 * `If-Range` by date. There is no ETag, so entity-tag conditions never match.
 */

export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

export type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; ranges: ByteRange[] }
  | { kind: 'unsatisfiable'; message: string };

/** Ranges no one needs: more than this many parts is treated as a malformed header. */
const rangesMax = 100;

export function parseRanges(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  if (!header.startsWith('bytes=')) return invalid();
  const ranges: ByteRange[] = [];
  let noOverlap = false;
  const parts = header.slice(6).split(',');
  if (parts.length > rangesMax) return invalid();
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const dash = part.indexOf('-');
    if (dash < 0) return invalid();
    const first = part.slice(0, dash).trim();
    const last = part.slice(dash + 1).trim();
    if (!first) {
      // suffix: the last N bytes
      if (!/^\d+$/.test(last)) return invalid();
      const n = Math.min(Number(last), size);
      if (n === 0) {
        noOverlap = true;
        continue;
      }
      ranges.push({ start: size - n, end: size - 1 });
      continue;
    }
    if (!/^\d+$/.test(first) || (last && !/^\d+$/.test(last))) return invalid();
    const start = Number(first);
    if (start >= size) {
      noOverlap = true;
      continue;
    }
    let end = last ? Number(last) : size - 1;
    if (start > end) return invalid();
    if (end >= size) end = size - 1;
    ranges.push({ start, end });
  }
  if (!ranges.length) return noOverlap ? { kind: 'unsatisfiable', message: 'invalid range: failed to overlap' } : { kind: 'full' };
  // Asking for more bytes than the whole (overlapping parts) gets the whole.
  if (ranges.reduce((n, r) => n + r.end - r.start + 1, 0) > size) return { kind: 'full' };
  return { kind: 'partial', ranges };
}

const invalid = (): RangeResult => ({ kind: 'unsatisfiable', message: 'invalid range' });

export type Precondition = 'ok' | 'not-modified' | 'failed';

/** HTTP dates have whole seconds. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function parseHttpDate(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

export function checkPreconditions(headers: Record<string, string | string[] | undefined>, method: string, modified: Date): Precondition {
  const h = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const unmodifiedSince = parseHttpDate(h('if-unmodified-since'));
  if (!h('if-match') && unmodifiedSince !== undefined && seconds(modified) > unmodifiedSince) return 'failed';
  const modifiedSince = parseHttpDate(h('if-modified-since'));
  if ((method === 'GET' || method === 'HEAD') && !h('if-none-match') && modifiedSince !== undefined && seconds(modified) <= modifiedSince) {
    return 'not-modified';
  }
  return 'ok';
}

/** `If-Range` with a date: the range holds only for that exact version; an entity tag never matches. */
export function rangeStillValid(ifRange: string | undefined, modified: Date): boolean {
  if (!ifRange) return true;
  const t = parseHttpDate(ifRange);
  return t !== undefined && t === seconds(modified);
}
