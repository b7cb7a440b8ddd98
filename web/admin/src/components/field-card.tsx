import { fieldType } from '../lib/field-types';
import { FieldOptions } from './field-options';

type Field = Record<string, any>;

interface Props {
  field: Field;
  index: number;
  open: boolean;
  errors: Record<string, string>;
  collectionType: string;
  onToggle: () => void;
  onChange: (f: Field) => void;
  onRemove: () => void;
  onMove: (by: number) => void;
}

/** One field: name and type on a line, its options below when opened. */
export function FieldCard({ field: f, index, open, errors, onToggle, onChange, onRemove, onMove }: Props) {
  const t = fieldType(f.type);
  const set = (k: string, v: unknown) => onChange({ ...f, [k]: v });
  const err = Object.entries(errors).filter(([k]) => k.startsWith(`fields.${index}.`)).map(([k, m]) => `${k.split('.').slice(2).join('.')}: ${m}`);
  const locked = f.system;
  return (
    <div class="field-card" data-field={f.name}>
      <div class="summary">
        <span class="type-icon" title={t.label}>{t.icon}</span>
        <input class="grow name" aria-label="Field name" placeholder="field name" value={f.name} disabled={locked}
          onInput={(e) => set('name', e.currentTarget.value.replace(/\s/g, '_'))} />
        <span class="badge">{f.type}</span>
        {f.required && <span class="badge warn">required</span>}
        {f.hidden && <span class="badge">hidden</span>}
        {f.system && <span class="badge accent">system</span>}
        <button type="button" class="btn small ghost" title="Move up" aria-label="Move up" onClick={() => onMove(-1)}>↑</button>
        <button type="button" class="btn small ghost" title="Move down" aria-label="Move down" onClick={() => onMove(1)}>↓</button>
        <button type="button" class="btn small" aria-expanded={open} onClick={onToggle}>Options</button>
        {!locked && <button type="button" class="btn small danger" aria-label={`Remove field ${f.name}`} onClick={onRemove}>✕</button>}
      </div>
      {err.length > 0 && <div class="error" style={{ padding: '0 10px 8px' }}>{err.join('\n')}</div>}
      {open && (
        <div class="opts stack">
          <FieldOptions field={f} specs={t.options} onChange={set} />
          <div class="row wrap">
            {f.type !== 'autodate' && (
              <label class="check"><input type="checkbox" checked={!!f.required} onChange={(e) => set('required', e.currentTarget.checked)} /> Nonempty (required)</label>
            )}
            <label class="check"><input type="checkbox" checked={!!f.hidden} onChange={(e) => set('hidden', e.currentTarget.checked)} /> Hidden</label>
            <label class="check"><input type="checkbox" checked={!!f.presentable} onChange={(e) => set('presentable', e.currentTarget.checked)} /> Presentable</label>
          </div>
          {f.type !== 'autodate' && (
            <div>
              <label>Help text</label>
              <input value={f.help ?? ''} onInput={(e) => set('help', e.currentTarget.value)} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
