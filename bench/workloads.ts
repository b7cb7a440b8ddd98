/**
 * The workloads: what each one asks of a server, as a list of requests the load client cycles
 * through (autocannon, one list per connection), or the realtime fan-out.
 */
import type { SeedResult } from './seed.js';

export const listFilter = "score >= 500 && title ~ 'an'";
export const listSort = '-created';
/** The ceiling has no filter parser: it knows the bench's filters as SQL. */
export const ceilingFilters: Record<string, string> = { '': '1', [listFilter]: "score >= 500 AND title LIKE '%an%'" };

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Workload {
  name: string;
  title: string;
  kind: 'http' | 'realtime';
  requests?: (seed: SeedResult) => RequestSpec[];
}

const records = '/api/collections/posts/records';
const listQuery = `page=1&perPage=30&filter=${encodeURIComponent(listFilter)}&sort=${encodeURIComponent(listSort)}`;
const json = { 'content-type': 'application/json' };

export const workloads: Workload[] = [
  {
    name: 'get-one',
    title: 'view one public record by id (anonymous)',
    kind: 'http',
    requests: (s) => s.viewIds.map((id) => ({ method: 'GET', path: `${records}/${id}` })),
  },
  {
    name: 'list-filter',
    title: `list perPage=30 filter+sort (anonymous)`,
    kind: 'http',
    requests: () => [{ method: 'GET', path: `${records}?${listQuery}` }],
  },
  {
    name: 'list-skiptotal',
    title: 'same list with skipTotal=1',
    kind: 'http',
    requests: () => [{ method: 'GET', path: `${records}?${listQuery}&skipTotal=1` }],
  },
  {
    name: 'list-auth',
    title: 'same list signed in (rule uses @request.auth.id)',
    kind: 'http',
    requests: (s) => s.users.map((u) => ({ method: 'GET', path: `${records}?${listQuery}`, headers: { authorization: u.token } })),
  },
  {
    name: 'create',
    title: 'create a record signed in (create rule checks author)',
    kind: 'http',
    requests: (s) =>
      s.users.map((u, i) => ({
        method: 'POST',
        path: records,
        headers: { ...json, authorization: u.token },
        body: JSON.stringify({ title: `bench write ${i}`, public: false, score: i, author: u.id }),
      })),
  },
  { name: 'health', title: 'GET /api/health', kind: 'http', requests: () => [{ method: 'GET', path: '/api/health' }] },
  { name: 'realtime', title: 'SSE fan-out on posts/* with steady creates', kind: 'realtime' },
];

export const workloadNames = workloads.map((w) => w.name);
