/** PocketBase's wire format for datetimes: `YYYY-MM-DD HH:MM:SS.sssZ`, UTC, a space instead of `T`. */
export function formatDate(d: Date): string {
  return d.toISOString().replace('T', ' ');
}

export const nowString = () => formatDate(new Date());

/**
 * Lenient datetime parsing as PocketBase 0.40 does: the canonical layout, RFC3339 and its space
 * variant, a bare date, and RFC1123/RFC822 forms. Numbers, surrounding spaces and impossible
 * dates (Feb 30) are unparseable and become "" (the zero date), as there.
 */
export function parseDate(value: unknown): string {
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : formatDate(value);
  if (typeof value !== 'string' || !value) return '';
  // already in the wire format (every stored date is): only the calendar needs checking
  if (value.length === 24 && canonical.test(value)) return validCanonical(value) ? value : '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  if (iso) return fromParts(iso);
  const rfc = /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{2}|\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (GMT|UTC|Z|[+-]\d{4})$/.exec(value);
  if (rfc) {
    const d = new Date(`${rfc[1]} ${rfc[2]} ${rfc[3].length === 2 ? '20' + rfc[3] : rfc[3]} ${rfc[4]}:${rfc[5]}:${rfc[6] ?? '00'} ${rfc[7] === 'Z' ? 'UTC' : rfc[7]}`);
    return isNaN(d.getTime()) ? '' : formatDate(d);
  }
  return '';
}

const canonical = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function validCanonical(v: string): boolean {
  const y = Number(v.slice(0, 4));
  const mo = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  if (Number(v.slice(11, 13)) > 23 || Number(v.slice(14, 16)) > 59 || Number(v.slice(17, 19)) > 59) return false;
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, years below 100 stay themselves
  return mo >= 1 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function fromParts(m: RegExpExecArray): string {
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.slice(0, 4)}${normalizeZone(zone)}`);
  if (isNaN(date.getTime())) return '';
  // JS rolls Feb 30 over to Mar 1; PocketBase refuses it.
  const local = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (local.getUTCMonth() !== Number(mo) - 1 || local.getUTCDate() !== Number(d)) return '';
  return formatDate(date);
}

function normalizeZone(z: string | undefined): string {
  if (!z || z.toUpperCase() === 'Z') return 'Z';
  return z.includes(':') ? z : z.slice(0, 3) + ':' + z.slice(3);
}
