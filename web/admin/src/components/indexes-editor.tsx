import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';

/** Index statements, one per row; a helper builds `CREATE [UNIQUE] INDEX` from picked fields. */
export function IndexesEditor(props: { draft: CollectionModel; errors: Record<string, string>; onChange: (indexes: string[]) => void }) {
  const { draft } = props;
  const indexes: string[] = draft.indexes ?? [];
  const [cols, setCols] = useState<string[]>([]);
  const [unique, setUnique] = useState(false);
  const names = (draft.fields as { name: string; type: string }[]).filter((f) => f.name && f.type !== 'password').map((f) => f.name);

  const add = () => {
    if (!cols.length) return;
    const name = `idx_${draft.name || 'new'}_${cols.join('_')}`.slice(0, 60);
    props.onChange([...indexes, `CREATE ${unique ? 'UNIQUE ' : ''}INDEX \`${name}\` ON \`${draft.name}\` (${cols.map((c) => `\`${c}\``).join(', ')})`]);
    setCols([]);
  };
  return (
    <div class="stack">
      {indexes.length === 0 && <div class="muted">No indexes.</div>}
      {indexes.map((sql, i) => (
        <div key={i}>
          <div class="row">
            <textarea class="mono grow" rows={1} aria-label={`Index ${i + 1}`} value={sql} onInput={(e) => props.onChange(indexes.map((x, j) => (j === i ? e.currentTarget.value : x)))} />
            <button type="button" class="btn small danger" aria-label={`Remove index ${i + 1}`} onClick={() => props.onChange(indexes.filter((_, j) => j !== i))}>✕</button>
          </div>
          {props.errors[`indexes.${i}`] && <div class="error">{props.errors[`indexes.${i}`]}</div>}
        </div>
      ))}
      {props.errors.indexes && <div class="error">{props.errors.indexes}</div>}
      <div class="section" style={{ margin: 0 }}>
        <h3 style={{ marginBottom: 8 }}>New index</h3>
        <div class="row wrap">
          {names.map((n) => (
            <button type="button" key={n} class={`chip ${cols.includes(n) ? 'on' : ''}`} style={{ border: 0, cursor: 'pointer' }}
              aria-pressed={cols.includes(n)} onClick={() => setCols(cols.includes(n) ? cols.filter((c) => c !== n) : [...cols, n])}>{n}</button>
          ))}
        </div>
        <div class="row" style={{ marginTop: '8px' }}>
          <label class="check"><input type="checkbox" checked={unique} onChange={(e) => setUnique(e.currentTarget.checked)} /> Unique</label>
          <span class="grow" />
          <button type="button" class="btn small" disabled={!cols.length} onClick={add}>Add index</button>
        </div>
      </div>
    </div>
  );
}
