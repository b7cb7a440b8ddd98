import { defaultCollectionId, defaultFieldId, randomString } from '../lib/ids.js';
import { nowString } from '../lib/time.js';
import { authIndexes, authSystemFields, defaultAuthOptions, idField } from './collection-defaults.js';
import { authRuleKeys, ruleKeys, tokenKinds, type AuthOptions, type Collection, type CollectionType, type Field } from './model.js';

/**
 * Turns a submitted collection body (create or PATCH) into a complete definition: defaults filled,
 * fields matched to existing ones by id then name, auth system fields and options present.
 * Type-specific field options are filled later by each field type's `normalizeOptions`.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? fallback : String(v);
}

function normalizeField(raw: unknown, existing: Field[]): Field {
  const input = isObject(raw) ? raw : {};
  const match = (input.id && existing.find((f) => f.id === input.id)) || existing.find((f) => !input.id && f.name === input.name);
  const merged = { ...(match ?? {}), ...input } as Record<string, unknown>;
  const type = str(merged.type) as Field['type'];
  const name = str(merged.name);
  return {
    ...merged,
    id: str(merged.id) || defaultFieldId(type, name),
    name,
    type,
    system: Boolean(merged.system),
    hidden: Boolean(merged.hidden),
    presentable: Boolean(merged.presentable),
  };
}

/** Ensures the fields a collection type cannot live without: `id` first, missing auth fields last. */
function withSystemFields(type: CollectionType, fields: Field[]): Field[] {
  if (type === 'view') return fields;
  const has = (name: string) => fields.some((f) => f.name === name);
  const out = has('id') ? [...fields] : [idField(), ...fields];
  if (type === 'auth') for (const sys of authSystemFields()) if (!has(sys.name)) out.push(sys);
  return out;
}

/** Index statements name the collection's table; keep the text as given when it already does. */
function rewriteIndexTable(sql: string, table: string): string {
  return sql.replace(/(\sON\s+)([`"']?)([\w]*)\2(\s*\()/i, (m, on, _q, name, paren) => (name === table ? m : `${on}\`${table}\`${paren}`));
}

function normalizeAuthOptions(base: Partial<Collection>, input: Record<string, unknown>): Partial<Collection> {
  const defaults = defaultAuthOptions();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
    out[key] = deepMerge(deepMerge(defaults[key], (base as Record<string, unknown>)[key]), input[key]);
  }
  for (const kind of tokenKinds) {
    const t = out[kind] as { duration: unknown; secret: unknown };
    if (typeof t.secret !== 'string' || !t.secret) t.secret = randomString(50);
  }
  keepClientSecrets(out.oauth2 as AuthOptions['oauth2'], base.oauth2);
  return out as Partial<Collection>;
}

/**
 * Clients never see OAuth2 client secrets (publicCollection drops them), so a collection sent back
 * as it was read carries providers without one: those keep the secret stored for the same provider.
 */
function keepClientSecrets(next: AuthOptions['oauth2'], before: AuthOptions['oauth2'] | undefined) {
  if (!Array.isArray(next?.providers)) return;
  const stored = new Map((before?.providers ?? []).map((p) => [p.name, p.clientSecret]));
  next.providers = next.providers.map((p) => {
    if (!isObject(p) || (typeof p.clientSecret === 'string' && p.clientSecret !== '')) return p;
    const secret = stored.get(p.name);
    return typeof secret === 'string' && secret ? { ...p, clientSecret: secret } : p;
  });
}

export function normalizeCollection(input: unknown, existing?: Collection): Collection {
  const body = isObject(input) ? input : {};
  const type = (existing?.type ?? (str(body.type) || 'base')) as CollectionType;
  const name = body.name === undefined ? existing?.name ?? '' : str(body.name);
  const fieldsIn = Array.isArray(body.fields) ? body.fields : existing?.fields ?? [];
  const fields = withSystemFields(type, fieldsIn.map((f) => normalizeField(f, existing?.fields ?? [])));
  const c: Collection = {
    id: existing?.id ?? (str(body.id) || defaultCollectionId(type, name)),
    name,
    type: body.type === undefined || existing ? type : (str(body.type) as CollectionType),
    system: body.system === undefined ? existing?.system ?? false : Boolean(body.system),
    fields,
    indexes: Array.isArray(body.indexes) ? body.indexes.map((s) => str(s)) : existing?.indexes ?? [],
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    created: existing?.created ?? nowString(),
    updated: nowString(),
  };
  for (const k of ruleKeys) c[k] = k in body ? (body[k] === null ? null : str(body[k])) : existing?.[k] ?? null;
  if (type === 'view') c.viewQuery = body.viewQuery === undefined ? existing?.viewQuery ?? '' : str(body.viewQuery);
  if (type === 'auth') {
    Object.assign(c, normalizeAuthOptions(existing ?? {}, body));
    for (const k of authRuleKeys) c[k] = k in body ? (body[k] === null ? null : str(body[k])) : existing ? existing[k] ?? null : k === 'authRule' ? '' : null;
    if (!existing && !Array.isArray(body.indexes)) c.indexes = authIndexes(randomString(10, 'abcdefghijklmnopqrstuvwxyz0123456789'), name);
  }
  c.indexes = c.indexes.map((sql) => rewriteIndexTable(sql, name));
  return c;
}

/** The collection as clients see it: token secrets and OAuth2 client secrets never leave the server. */
export function publicCollection(c: Collection): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  if (c.type !== 'auth') return out;
  for (const kind of tokenKinds) {
    const { secret: _secret, ...rest } = c[kind]!;
    out[kind] = rest;
  }
  if (c.oauth2) {
    out.oauth2 = { ...c.oauth2, providers: c.oauth2.providers.map(({ clientSecret: _s, ...p }) => p) };
  }
  return out;
}
