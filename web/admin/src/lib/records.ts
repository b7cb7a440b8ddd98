import type { CollectionModel } from 'pocketbase';

export type Field = Record<string, any> & { name: string; type: string };

/** Fields a table or form shows: never the token key, never password hashes. */
export const visibleFields = (c: CollectionModel): Field[] =>
  (c.fields as Field[]).filter((f) => f.type !== 'password' && !(c.type === 'auth' && f.name === 'tokenKey'));

/** Plain words search the text-like fields; anything with an operator is used as a filter as typed. */
export function searchFilter(text: string, c: CollectionModel): string {
  const q = text.trim();
  if (!q) return '';
  if (/[=<>~!]|&&|\|\|/.test(q)) return q;
  const quoted = JSON.stringify(q);
  const names = visibleFields(c).filter((f) => ['text', 'email', 'url', 'editor', 'select'].includes(f.type) && !f.hidden).map((f) => f.name);
  return names.map((n) => `${n} ~ ${quoted}`).join(' || ');
}

/** "2024-05-01 10:00:00.123Z" ↔ the value of an `<input type=datetime-local>` (shown as UTC). */
export const toLocalInput = (v: string) => (v ? v.replace(' ', 'T').slice(0, 16) : '');
export const fromLocalInput = (v: string) => (v ? `${v.replace('T', ' ')}:00.000Z` : '');
