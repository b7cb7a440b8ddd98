/** PocketBase's wire format for datetimes: `YYYY-MM-DD HH:MM:SS.sssZ`, UTC, a space instead of `T`. */
export function formatDate(d: Date): string {
  return d.toISOString().replace('T', ' ');
}

export const nowString = () => formatDate(new Date());

/**
 * Lenient datetime parsing as PocketBase does: canonical layout, RFC3339, date-only, unix seconds.
 * Unparseable input becomes "" (the zero date).
 */
export function parseDate(value: unknown): string {
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : formatDate(value);
  if (typeof value === 'number') return Number.isFinite(value) ? formatDate(new Date(value * 1000)) : '';
  if (typeof value !== 'string') return '';
  const s = value.trim();
  if (!s) return '';
  if (/^-?\d+$/.test(s)) return formatDate(new Date(Number(s) * 1000));
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return '';
  const iso = `${m[1]}T${m[2] ?? '00:00:00'}${normalizeZone(m[3])}`;
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : formatDate(d);
}

function normalizeZone(z: string | undefined): string {
  if (!z || z.toUpperCase() === 'Z') return 'Z';
  return z.includes(':') ? z : z.slice(0, 3) + ':' + z.slice(3);
}
