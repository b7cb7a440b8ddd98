import type { RecordModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { findCollection } from '../lib/collections';
import { isMulti } from '../lib/field-types';
import { pb } from '../lib/pb';
import type { Field } from '../lib/records';
import { label } from './cell-value';

// Enough to pick from while typing narrows the rest.
const resultsMax = 8;

/** Selected related records as chips, and a search over the target collection to add more. */
export function RelationPicker({ field: f, value, onChange }: { field: Field; value: string[]; onChange: (ids: string[]) => void }) {
  const target = findCollection(f.collectionId);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<RecordModel[]>([]);
  const [known, setKnown] = useState<Record<string, RecordModel>>({});

  useEffect(() => {
    if (!target) return;
    const t = setTimeout(() => {
      const names = (target.fields as Field[]).filter((x) => ['text', 'email'].includes(x.type) && !x.hidden).map((x) => x.name);
      const filter = q.trim() ? names.map((n) => `${n} ~ ${JSON.stringify(q.trim())}`).join(' || ') : '';
      pb.collection(target.name).getList(1, resultsMax, { filter, skipTotal: true }).then((r) => {
        setFound(r.items);
        setKnown((k) => ({ ...k, ...Object.fromEntries(r.items.map((x) => [x.id, x])) }));
      }, () => setFound([]));
    }, 200);
    return () => clearTimeout(t);
  }, [q, target?.id]);

  if (!target) return <div class="error">The related collection no longer exists.</div>;
  const pick = (id: string) => onChange(value.includes(id) ? value.filter((x) => x !== id) : isMulti(f) ? [...value, id] : [id]);
  return (
    <div class="stack">
      <div class="row wrap">
        {value.map((id) => (
          <span class="chip" key={id}>{label(known[id]) ?? id} <button type="button" aria-label={`Unlink ${id}`} onClick={() => pick(id)}>✕</button></span>
        ))}
        {!value.length && <span class="muted">No {target.name} linked.</span>}
      </div>
      <input type="search" aria-label={`Search ${target.name}`} placeholder={`Search ${target.name}…`} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      <div class="row wrap">
        {found.map((r) => (
          <button type="button" key={r.id} class={`chip ${value.includes(r.id) ? 'on' : ''}`} style={{ border: 0, cursor: 'pointer' }} aria-pressed={value.includes(r.id)} onClick={() => pick(r.id)}>
            {label(r)}
          </button>
        ))}
      </div>
    </div>
  );
}
