import { BadRequestError } from './errors.js';
import { excerpt } from './excerpt.js';

/**
 * `?fields=` on any JSON 2xx response: keeps the listed keys (dot paths for nested objects, `*` for
 * all keys of a level, `:excerpt(n, ellipsis)` modifier). List envelopes project each item.
 */

interface Node {
  all: boolean;
  children: Map<string, Node>;
  modifier?: { max: number; ellipsis: boolean };
}

const node = (): Node => ({ all: false, children: new Map() });

export function parseFields(spec: string): Node {
  const root = node();
  for (const raw of splitTopLevel(spec)) {
    const item = raw.trim();
    if (!item) continue;
    const [path, mod] = splitModifier(item);
    let n = root;
    for (const seg of path.split('.')) {
      if (seg === '*') {
        n.all = true;
        break;
      }
      if (!n.children.has(seg)) n.children.set(seg, node());
      n = n.children.get(seg)!;
    }
    if (mod) n.modifier = mod;
  }
  return root;
}

/** Commas inside `excerpt(200,true)` don't separate fields. */
function splitTopLevel(spec: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of spec) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function splitModifier(item: string): [string, Node['modifier']] {
  const i = item.indexOf(':');
  if (i < 0) return [item, undefined];
  const m = /^excerpt\(([^)]*)\)$/.exec(item.slice(i + 1));
  if (!m) throw new BadRequestError();
  const args = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  const max = Number(args[0]);
  if (args.length < 1 || args.length > 2 || !Number.isInteger(max) || max <= 0) throw new BadRequestError();
  const ellipsis = args[1] !== undefined && !['0', 'false', 'f', ''].includes(args[1].toLowerCase());
  return [item.slice(0, i), { max, ellipsis }];
}

function project(value: unknown, n: Node): unknown {
  if (n.modifier && typeof value === 'string') return excerpt(value, n.modifier.max, n.modifier.ellipsis);
  if (!n.all && n.children.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, n));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (n.all) for (const [k, v] of Object.entries(obj)) if (!n.children.has(k)) out[k] = v;
  for (const [k, child] of n.children) if (k in obj) out[k] = project(obj[k], child);
  return out;
}

const listKeys = ['page', 'perPage', 'totalItems', 'totalPages', 'items'];

function isList(v: unknown): v is Record<string, unknown> & { items: unknown[] } {
  return !!v && typeof v === 'object' && listKeys.every((k) => k in (v as object)) && Array.isArray((v as { items: unknown }).items);
}

export function applyFields(payload: unknown, spec: string): unknown {
  const tree = parseFields(spec);
  if (isList(payload)) return { ...payload, items: payload.items.map((i) => project(i, tree)) };
  return project(payload, tree);
}
