import { useState } from 'preact/hooks';
import type { Field } from '../lib/records';

/** Toggles which columns the records table shows; the choice is remembered per collection. */
export function ColumnPicker(props: { fields: Field[]; hidden: string[]; onChange: (hidden: string[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div style={{ position: 'relative' }}>
      <button type="button" class="btn" aria-expanded={open} onClick={() => setOpen(!open)}>Columns</button>
      {open && (
        <div class="popover stack" style={{ right: 0, top: '110%', minWidth: '200px', maxHeight: '320px', overflow: 'auto' }} onMouseLeave={() => setOpen(false)}>
          {props.fields.map((f) => (
            <label class="check" key={f.name}>
              <input type="checkbox" checked={!props.hidden.includes(f.name)}
                onChange={(e) => props.onChange(e.currentTarget.checked ? props.hidden.filter((n) => n !== f.name) : [...props.hidden, f.name])} />
              {f.name}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
