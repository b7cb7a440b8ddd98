import type { CollectionModel } from 'pocketbase';

type Field = { id?: string; name: string; type: string };

/** What saving a collection draft does to stored data, in sentences for the confirmation dialog. */
export function schemaChanges(before: CollectionModel | null, after: CollectionModel): { lines: string[]; destructive: boolean } {
  if (!before) return { lines: [], destructive: false };
  const lines: string[] = [];
  let destructive = false;
  if (before.name !== after.name) {
    lines.push(`Rename collection "${before.name}" → "${after.name}": its API path becomes /api/collections/${after.name}/records; clients using the old name break.`);
    destructive = true;
  }
  const afterById = new Map((after.fields as Field[]).filter((f) => f.id).map((f) => [f.id, f]));
  for (const f of before.fields as Field[]) {
    const now = afterById.get(f.id);
    if (!now) {
      lines.push(`Delete field "${f.name}" (${f.type}): its column and every stored value are dropped.`);
      destructive = true;
    } else if (now.name !== f.name) {
      lines.push(`Rename field "${f.name}" → "${now.name}": values are kept; rules, filters and clients using the old name must change.`);
      destructive = true;
    }
  }
  for (const f of after.fields as Field[]) if (!f.id) lines.push(`Add field "${f.name}" (${f.type}).`);
  for (const k of ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule', 'authRule', 'manageRule'] as const) {
    if ((before as any)[k] !== (after as any)[k]) lines.push(`Change ${k}: ${show((before as any)[k])} → ${show((after as any)[k])}.`);
  }
  const removedIdx = (before.indexes ?? []).filter((i: string) => !(after.indexes ?? []).includes(i)).length;
  const addedIdx = (after.indexes ?? []).filter((i: string) => !(before.indexes ?? []).includes(i)).length;
  if (removedIdx || addedIdx) lines.push(`Indexes: ${addedIdx} added or changed, ${removedIdx} dropped.`);
  return { lines, destructive };
}

const show = (rule: unknown) => (rule === null || rule === undefined ? 'superusers only' : rule === '' ? 'everyone' : `"${rule}"`);
