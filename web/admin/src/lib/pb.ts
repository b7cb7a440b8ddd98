import PocketBase, { ClientResponseError } from 'pocketbase';

/** The one API client: the dashboard is served by the server it manages, so same origin. */
export const pb = new PocketBase(new URL('../', location.href.split('#')[0]).href.replace(/\/$/, ''));
pb.autoCancellation(false);

export const superusers = '_superusers';

/** `{message, data: {field: {message}}}` flattened to one readable line per problem. */
export function errorText(err: unknown): string {
  if (err instanceof ClientResponseError) {
    const lines = flatten(err.response?.data ?? {});
    return [err.response?.message || err.message, ...lines].filter(Boolean).join('\n');
  }
  return err instanceof Error ? err.message : String(err);
}

/** Field-level errors keyed by dotted path: `fields.2.name` → "Cannot be blank." */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ClientResponseError ? walkErrors(err.response?.data) : {};
}

function walkErrors(data: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.message === 'string' && typeof o.code === 'string') out[path] = o.message;
    else for (const [k, x] of Object.entries(o)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(data, '');
  return out;
}

const flatten = (data: unknown) => Object.entries(walkErrors(data)).map(([k, m]) => `${k}: ${m}`);
