import { collections } from '../lib/collections';
import type { OptionSpec } from '../lib/field-types';

type Field = Record<string, any>;

/** Type-specific options, one input per option spec. */
export function FieldOptions({ field, specs, onChange }: { field: Field; specs: OptionSpec[]; onChange: (k: string, v: unknown) => void }) {
  const all = collections.use();
  if (!specs.length) return <div class="muted">No options for this type.</div>;
  return (
    <div class="grid2">
      {specs.map((s) => {
        const id = `opt-${field.name || 'new'}-${s.key}`;
        const v = field[s.key];
        if (s.kind === 'bool') {
          return <label class="check" key={s.key}><input type="checkbox" checked={!!v} onChange={(e) => onChange(s.key, e.currentTarget.checked)} /> {s.label}</label>;
        }
        let input;
        switch (s.kind) {
          case 'number':
            input = <input id={id} type="number" value={v ?? 0} onInput={(e) => onChange(s.key, Number(e.currentTarget.value) || 0)} />;
            break;
          case 'optionalNumber':
            input = <input id={id} type="number" step="any" value={v ?? ''} onInput={(e) => onChange(s.key, e.currentTarget.value === '' ? null : Number(e.currentTarget.value))} />;
            break;
          case 'list':
            input = <input id={id} value={(v ?? []).join(', ')} onChange={(e) => onChange(s.key, splitList(e.currentTarget.value))} />;
            break;
          case 'date':
            input = <input id={id} placeholder="2024-01-01 00:00:00.000Z" value={v ?? ''} onInput={(e) => onChange(s.key, e.currentTarget.value)} />;
            break;
          case 'collection':
            input = (
              <select id={id} value={v ?? ''} disabled={!!field.id} onChange={(e) => onChange(s.key, e.currentTarget.value)}>
                <option value="">Select a collection…</option>
                {all.filter((c) => c.type !== 'view').map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            );
            break;
          default:
            input = <input id={id} class="mono" value={v ?? ''} onInput={(e) => onChange(s.key, e.currentTarget.value)} />;
        }
        return (
          <div key={s.key} style={s.kind === 'list' ? { gridColumn: '1 / -1' } : undefined}>
            <label for={id}>{s.label}{s.help && <span class="muted" style={{ fontWeight: 400 }}> · {s.help}</span>}</label>
            {input}
          </div>
        );
      })}
    </div>
  );
}

const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
