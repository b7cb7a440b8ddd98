import { BadRequestError } from '../lib/errors.js';

/** PocketBase's list limits. */
export const perPageDefault = 30;
export const perPageMax = 1000;

export interface ListParams {
  page: number;
  perPage: number;
  skipTotal: boolean;
  filter: string;
  sort: string;
}

function int(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  if (!/^[-+]?\d+$/.test(v.trim())) throw new BadRequestError();
  return Number(v);
}

/** Go's strconv.ParseBool spellings. */
export function parseBool(v: string | undefined): boolean {
  if (v === undefined || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new BadRequestError();
}

export function parseListParams(q: Record<string, string | undefined>): ListParams {
  const page = int(q.page, 1);
  const perPage = int(q.perPage, perPageDefault);
  return {
    page: page <= 0 ? 1 : page,
    perPage: perPage <= 0 ? perPageDefault : Math.min(perPage, perPageMax),
    skipTotal: parseBool(q.skipTotal),
    filter: q.filter ?? '',
    sort: q.sort ?? '',
  };
}
