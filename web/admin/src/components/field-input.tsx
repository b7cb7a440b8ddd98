import type { CollectionModel } from 'pocketbase';
import { fieldType, isMulti } from '../lib/field-types';
import { fromLocalInput, toLocalInput, type Field } from '../lib/records';
import { FileInput } from './file-input';
import { RelationPicker } from './relation-picker';

export interface FileValue {
  keep: string[];
  removed: string[];
  added: File[];
  /** For thumbnails of the files already stored. */
  recordId?: string;
}

interface Props {
  field: Field;
  collection: CollectionModel;
  isNew: boolean;
  value: any;
  error?: string;
  readOnly?: boolean;
  onChange: (v: any) => void;
}

/** One labelled form control, chosen by the field's type. */
export function FieldInput(p: Props) {
  const { field: f, value: v, onChange } = p;
  const id = `field-${f.name}`;
  const disabled = p.readOnly;
  let control;
  switch (f.type) {
    case 'bool':
      control = <label class="check"><input id={id} type="checkbox" disabled={disabled} checked={!!v} onChange={(e) => onChange(e.currentTarget.checked)} /> {f.name}</label>;
      break;
    case 'number':
      control = <input id={id} type="number" step={f.onlyInt ? 1 : 'any'} disabled={disabled} value={v} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'email':
    case 'url':
      control = <input id={id} type={f.type as 'email'} disabled={disabled} value={v} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'editor':
      control = <textarea id={id} rows={6} disabled={disabled} value={v} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'date':
      control = (
        <div class="row">
          <input id={id} type="datetime-local" disabled={disabled} value={toLocalInput(v)} onInput={(e) => onChange(fromLocalInput(e.currentTarget.value))} />
          <span class="muted">UTC</span>
        </div>
      );
      break;
    case 'autodate':
      control = <div class="mono muted">{v || 'set automatically'}</div>;
      break;
    case 'json':
      control = <textarea id={id} class="mono" rows={5} disabled={disabled} spellcheck={false} placeholder="null" value={v} onInput={(e) => onChange(e.currentTarget.value)} />;
      break;
    case 'select':
      control = isMulti(f) ? (
        <div class="row wrap">
          {(f.values as string[]).map((x) => (
            <button type="button" key={x} disabled={disabled} class={`chip ${v.includes(x) ? 'on' : ''}`} style={{ border: 0, cursor: 'pointer' }} aria-pressed={v.includes(x)}
              onClick={() => onChange(v.includes(x) ? v.filter((y: string) => y !== x) : [...v, x])}>{x}</button>
          ))}
        </div>
      ) : (
        <select id={id} disabled={disabled} value={v[0] ?? ''} onChange={(e) => onChange(e.currentTarget.value ? [e.currentTarget.value] : [])}>
          <option value="">—</option>
          {(f.values as string[]).map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      );
      break;
    case 'relation':
      control = <RelationPicker field={f} value={v} onChange={onChange} />;
      break;
    case 'file':
      control = <FileInput field={f} collection={p.collection} value={v} onChange={onChange} />;
      break;
    case 'geoPoint':
      control = (
        <div class="row">
          <input aria-label={`${f.name} longitude`} type="number" step="any" placeholder="lon" disabled={disabled} value={v.lon} onInput={(e) => onChange({ ...v, lon: Number(e.currentTarget.value) })} />
          <input aria-label={`${f.name} latitude`} type="number" step="any" placeholder="lat" disabled={disabled} value={v.lat} onInput={(e) => onChange({ ...v, lat: Number(e.currentTarget.value) })} />
        </div>
      );
      break;
    case 'password':
      control = (
        <div class="row">
          <input id={id} type="password" autocomplete="new-password" placeholder={p.isNew ? 'password' : 'leave empty to keep'} value={v.password} onInput={(e) => onChange({ ...v, password: e.currentTarget.value })} />
          <input aria-label={`${f.name} confirm`} type="password" autocomplete="new-password" placeholder="confirm" value={v.confirm} onInput={(e) => onChange({ ...v, confirm: e.currentTarget.value })} />
        </div>
      );
      break;
    default:
      control = (
        <input id={id} disabled={disabled || (f.name === 'id' && !p.isNew)} value={v}
          placeholder={f.name === 'id' ? 'Leave empty to auto generate' : ''} onInput={(e) => onChange(e.currentTarget.value)} />
      );
  }
  return (
    <div class="form-field" data-field={f.name}>
      {f.type !== 'bool' && (
        <label for={id}>
          <span>{fieldType(f.type).icon}</span> {f.name}
          {f.required && !(f.name === 'id' && p.isNew) && <span class="badge warn">required</span>}
          {f.hidden && <span class="badge">hidden</span>}
        </label>
      )}
      {control}
      {f.help && <div class="help">{f.help}</div>}
      {p.error && <div class="error">{p.error}</div>}
    </div>
  );
}
