import type { CollectionModel } from 'pocketbase';

type Field = { name: string; type: string; collectionId?: string };

const requestKeys = ['@request.auth.', '@request.body.', '@request.query.', '@request.headers.', '@request.method', '@request.context', '@collection.'];
const macros = ['@now', '@yesterday', '@tomorrow', '@todayStart', '@todayEnd', '@monthStart', '@monthEnd', '@yearStart', '@yearEnd', '@second', '@minute', '@hour', '@day', '@month', '@year', '@weekday'];
const modifiers = [':isset', ':changed', ':length', ':each', ':lower'];

/** The identifier being typed just before the caret, and where it starts. */
export function wordAt(text: string, caret: number): { word: string; start: number } {
  let start = caret;
  while (start > 0 && /[\w.@:]/.test(text[start - 1])) start--;
  return { word: text.slice(start, caret), start };
}

/** Names that may follow what has been typed: fields (through relations), `@request.*`, `@collection.*`, macros. */
export function completions(word: string, draft: CollectionModel, all: CollectionModel[]): string[] {
  if (!word) return [];
  const fieldsOf = (c: CollectionModel | undefined) => ((c?.fields ?? []) as Field[]);
  const byId = (id?: string) => all.find((c) => c.id === id || c.name === id);
  const auth = all.find((c) => c.name === 'users');
  let base = '';
  let fields: Field[] = fieldsOf(draft);
  let candidates: string[];
  if (word.startsWith('@collection.')) {
    const [, name, ...rest] = word.split('.');
    if (rest.length === 0) candidates = all.map((c) => `@collection.${c.name}.`);
    else {
      base = `@collection.${name}.`;
      ({ fields, candidates } = walk(fieldsOf(byId(name)), rest, byId, base));
    }
  } else if (word.startsWith('@request.auth.')) {
    ({ fields, candidates } = walk([...fieldsOf(auth), { name: 'collectionName', type: 'text' }, { name: 'collectionId', type: 'text' }], word.split('.').slice(2), byId, '@request.auth.'));
  } else if (word.startsWith('@request.body.')) {
    ({ fields, candidates } = walk(fieldsOf(draft), word.split('.').slice(2), byId, '@request.body.'));
  } else if (word.startsWith('@')) {
    candidates = [...requestKeys, ...macros];
  } else {
    ({ fields, candidates } = walk(fields, word.split('.'), byId, ''));
    if (!word.includes('.')) candidates.push(...requestKeys, ...macros);
  }
  const typedMod = word.includes(':');
  const out = candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase().split(':')[0]) && c !== word);
  if (typedMod) return modifiers.map((m) => word.split(':')[0] + m).filter((c) => c.startsWith(word) && c !== word);
  return out.slice(0, 12);
}

/** Follows `rel.rel2.` through relation fields, offering the fields at the end of the path. */
function walk(fields: Field[], parts: string[], byId: (id?: string) => CollectionModel | undefined, prefix: string) {
  let path = prefix;
  for (const part of parts.slice(0, -1)) {
    const f = fields.find((x) => x.name === part);
    if (!f || f.type !== 'relation') return { fields, candidates: [] as string[] };
    fields = (byId(f.collectionId)?.fields ?? []) as Field[];
    path += part + '.';
  }
  return { fields, candidates: fields.map((f) => path + f.name + (f.type === 'relation' ? '' : '')) };
}
