/**
 * Checks a backups cron expression the way PocketBase's scheduler parses it: a macro or five
 * space-separated segments: `*`, a number or an `a-b` range, each optionally stepped with `/n`,
 * and comma lists of those. Returns the parser's error text (unsentenized, as Go produces it)
 * or undefined.
 *
 * Only validation lives here; the scheduler that runs backups belongs to `jobs/`.
 */

const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** minute, hour, day of month, month, day of week */
const segmentBounds: ReadonlyArray<readonly [number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];

export function cronError(expr: string): string | undefined {
  if (macros.has(expr)) return undefined;
  // Split on single spaces, as Go does: two spaces make an empty segment.
  const segments = expr.split(' ');
  if (segments.length !== 5) return 'invalid cron expression - must be a valid macro or to have exactly 5 space separated segments';
  for (let i = 0; i < 5; i++) {
    const err = segmentError(segments[i], ...segmentBounds[i]);
    if (err) return err;
  }
  return undefined;
}

function segmentError(segment: string, min: number, max: number): string | undefined {
  for (const part of segment.split(',')) {
    const stepParts = part.split('/');
    if (stepParts.length > 2) return 'invalid segment step format - must be in the format */n or 1-30/n';
    let step = 1;
    if (stepParts.length === 2) {
      const parsed = atoi(stepParts[1]);
      if (typeof parsed === 'string') return parsed;
      if (parsed < 1 || parsed > max) return `invalid segment step boundary - the step must be between 1 and the ${max}`;
      step = parsed;
    }
    if (stepParts[0] === '*') continue;
    const err = rangeError(stepParts[0].split('-'), step, min, max);
    if (err) return err;
  }
  return undefined;
}

function rangeError(range: string[], step: number, min: number, max: number): string | undefined {
  if (range.length === 1) {
    if (step !== 1) return 'invalid segment step - step > 1 could be used only with the wildcard or range format';
    const v = atoi(range[0]);
    if (typeof v === 'string') return v;
    if (v < min || v > max) return 'invalid segment value - must be between the min and max of the segment';
    return undefined;
  }
  if (range.length !== 2) return 'invalid segment range format - the range must have 1 or 2 parts';
  const lo = atoi(range[0]);
  if (typeof lo === 'string') return lo;
  if (lo < min || lo > max) return `invalid segment range minimum - must be between ${min} and ${max}`;
  const hi = atoi(range[1]);
  if (typeof hi === 'string') return hi;
  if (hi < lo || hi > max) return `invalid segment range maximum - must be between ${lo} and ${max}`;
  return undefined;
}

const int64Max = 2n ** 63n - 1n;

/** Go's strconv.Atoi: the number, or its error text (which PocketBase passes on verbatim). */
function atoi(s: string): number | string {
  const quoted = JSON.stringify(s);
  if (!/^[+-]?\d+$/.test(s)) return `strconv.Atoi: parsing ${quoted}: invalid syntax`;
  const n = BigInt(s);
  if (n > int64Max || n < -int64Max - 1n) return `strconv.Atoi: parsing ${quoted}: value out of range`;
  return Number(n);
}
