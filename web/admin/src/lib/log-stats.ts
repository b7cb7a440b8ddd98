/** Request logs grouped for the chart: one bucket per hour, counted by status class. */
export const statusClasses = [
  { key: '2xx', label: '2xx', filter: 'data.status >= 200 && data.status < 300', color: '#1f9d63' },
  { key: '3xx', label: '3xx', filter: 'data.status >= 300 && data.status < 400', color: '#2f6fde' },
  { key: '4xx', label: '4xx', filter: 'data.status >= 400 && data.status < 500', color: '#e0a100' },
  { key: '5xx', label: '5xx', filter: 'data.status >= 500', color: '#d23b3b' },
] as const;

export type StatusKey = (typeof statusClasses)[number]['key'] | 'other';
export type Bucket = { date: string; counts: Record<StatusKey, number>; total: number };
type Stat = { date: string; total: number };

export const andFilter = (a: string, b: string) => (a.trim() ? `(${a}) && (${b})` : b);

/** Merges the per-class series (and the unfiltered total, whose rest is "other": non-request logs). */
export function buckets(total: Stat[], byClass: Record<string, Stat[]>): Bucket[] {
  const map = new Map<string, Bucket>();
  const get = (date: string) => {
    let b = map.get(date);
    if (!b) map.set(date, (b = { date, total: 0, counts: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 } }));
    return b;
  };
  for (const s of total) get(s.date).total = s.total;
  for (const [k, list] of Object.entries(byClass)) for (const s of list) get(s.date).counts[k as StatusKey] = s.total;
  for (const b of map.values()) b.counts.other = Math.max(0, b.total - statusClasses.reduce((n, c) => n + b.counts[c.key], 0));
  return [...map.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const hourMs = 3600_000;
const parse = (d: string) => Date.parse(d.replace(' ', 'T'));

/** Every hour from the first bucket to the last, empty hours included, so the x axis is time. */
export function fillHours(list: Bucket[]): Bucket[] {
  if (list.length < 2) return list;
  const byTime = new Map(list.map((b) => [Math.floor(parse(b.date) / hourMs), b]));
  const first = Math.floor(parse(list[0].date) / hourMs);
  const last = Math.floor(parse(list[list.length - 1].date) / hourMs);
  const out: Bucket[] = [];
  // A week of hours at most: older gaps are not worth a bar each.
  for (let h = Math.max(first, last - 24 * 7); h <= last; h++) {
    out.push(byTime.get(h) ?? { date: new Date(h * hourMs).toISOString().replace('T', ' '), total: 0, counts: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 } });
  }
  return out;
}

/** PocketBase's numeric levels: -4 debug, 0 info, 4 warn, 8 error. */
export const levelName = (level: number | string) => levelOf(Number(level));
const levelOf = (l: number) => (l >= 8 ? 'error' : l >= 4 ? 'warn' : l >= 0 ? 'info' : 'debug');
