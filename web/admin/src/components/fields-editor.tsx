import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { fieldTypes, newField } from '../lib/field-types';
import { FieldCard } from './field-card';

type Field = Record<string, any>;

/** The draft's fields in order: edit, reorder, remove, add by type. Views get their query instead. */
export function FieldsEditor(props: { draft: CollectionModel; errors: Record<string, string>; onChange: (p: Partial<CollectionModel>) => void }) {
  const { draft, errors } = props;
  const [picking, setPicking] = useState(false);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const fields = draft.fields as Field[];
  const setFields = (next: Field[]) => props.onChange({ fields: next as any });

  if (draft.type === 'view') {
    return (
      <div class="stack">
        <div>
          <label for="view-query">SELECT query</label>
          <textarea id="view-query" class="mono" rows={8} placeholder="SELECT id, title FROM posts" value={draft.viewQuery ?? ''}
            onInput={(e) => props.onChange({ viewQuery: e.currentTarget.value } as any)} />
          {errors.viewQuery && <div class="error">{errors.viewQuery}</div>}
          <div class="muted">Must select an <code>id</code> column. Fields are derived from the query when saved.</div>
        </div>
        <div class="row wrap">{fields.map((f) => <span class="chip" key={f.name}>{f.name} · {f.type}</span>)}</div>
      </div>
    );
  }

  const keyOf = (f: Field, i: number) => f.id || `new-${i}`;
  const add = (type: string) => {
    const f = newField(type);
    const at = fields.findIndex((x) => x.type === 'autodate' && x.system === false);
    const next = [...fields];
    next.splice(at >= 0 ? at : next.length, 0, f);
    setFields(next);
    setOpenKey(keyOf(f, at >= 0 ? at : next.length - 1));
    setPicking(false);
  };
  const move = (i: number, by: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, f);
    setFields(next);
  };

  return (
    <div>
      {fields.map((f, i) => (
        <FieldCard
          key={keyOf(f, i)}
          field={f}
          index={i}
          open={openKey === keyOf(f, i)}
          errors={errors}
          collectionType={draft.type}
          onToggle={() => setOpenKey(openKey === keyOf(f, i) ? null : keyOf(f, i))}
          onChange={(nf) => setFields(fields.map((x, j) => (j === i ? nf : x)))}
          onRemove={() => setFields(fields.filter((_, j) => j !== i))}
          onMove={(by) => move(i, by)}
        />
      ))}
      <div style={{ marginTop: '12px', position: 'relative' }}>
        <button type="button" class="btn" style={{ width: '100%', justifyContent: 'center' }} aria-expanded={picking} onClick={() => setPicking(!picking)}>
          + New field
        </button>
        {picking && (
          <div class="popover type-picker" style={{ left: 0, right: 0, bottom: '110%' }} role="menu">
            {fieldTypes.map((t) => (
              <button type="button" role="menuitem" class="btn ghost" key={t.type} onClick={() => add(t.type)}>
                <span class="type-icon">{t.icon}</span> {t.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
