import type { CollectionModel, RecordModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { isMulti } from '../lib/field-types';
import { errorText, fieldErrors, pb } from '../lib/pb';
import type { Field } from '../lib/records';
import { toast } from '../lib/toast';
import { AuthRecordActions } from './auth-record-actions';
import { confirmDialog } from './confirm-dialog';
import { Drawer } from './drawer';
import { FieldInput, type FileValue } from './field-input';

/** Create or edit one record; every field type has its input. Files go up as multipart. */
export function RecordPanel(props: { collection: CollectionModel; original: RecordModel | null; onClose: () => void; onSaved: () => void }) {
  const { collection: c, original } = props;
  const fields = (c.fields as Field[]).filter((f) => !(c.type === 'auth' && f.name === 'tokenKey'));
  const [values, setValues] = useState<Record<string, any>>(() => initialValues(fields, original));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const readOnly = c.type === 'view';

  async function save(e: Event) {
    e.preventDefault();
    let body: Record<string, unknown>;
    try {
      body = buildBody(fields, values, original);
    } catch (err) {
      setErrors({ [(err as { field?: string }).field ?? '']: (err as Error).message });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      if (original) await pb.collection(c.name).update(original.id, body);
      else await pb.collection(c.name).create(body);
      toast(original ? 'Record saved.' : 'Record created.');
      props.onSaved();
    } catch (err) {
      setErrors(fieldErrors(err));
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!(await confirmDialog({ title: 'Delete this record?', body: <p>Record <code>{original!.id}</code> and its files will be deleted.</p>, confirmText: 'Delete', danger: true }))) return;
    try {
      await pb.collection(c.name).delete(original!.id);
      toast('Record deleted.');
      props.onSaved();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  }

  const footer = readOnly ? null : (
    <>
      {original && <button type="button" class="btn danger" onClick={remove}>Delete</button>}
      <span class="grow" />
      <button type="button" class="btn" onClick={props.onClose}>Cancel</button>
      <button form="record-form" class="btn primary" disabled={busy}>{original ? 'Save changes' : 'Create'}</button>
    </>
  );
  return (
    <Drawer title={<>{original ? 'Edit' : 'New'} <span class="crumb">{c.name}</span> record</>} label="Record editor" onClose={props.onClose} footer={footer}>
      <form id="record-form" onSubmit={save}>
        {fields.map((f) => (
          <FieldInput key={f.name} field={f} collection={c} isNew={!original} value={values[f.name]} error={errors[f.name]} readOnly={readOnly}
            onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))} />
        ))}
        {errors[''] && <div class="error">{errors['']}</div>}
      </form>
      {original && c.type === 'auth' && <AuthRecordActions collection={c} record={original} />}
    </Drawer>
  );
}

function initialValues(fields: Field[], r: RecordModel | null): Record<string, any> {
  const out: Record<string, any> = {};
  for (const f of fields) {
    const v = r?.[f.name];
    if (f.type === 'file') out[f.name] = { keep: list(v), removed: [], added: [], recordId: r?.id } satisfies FileValue;
    else if (f.type === 'json') out[f.name] = r ? JSON.stringify(v ?? null, null, 2) : '';
    else if (f.type === 'password') out[f.name] = { password: '', confirm: '' };
    else if (f.type === 'geoPoint') out[f.name] = v ?? { lon: 0, lat: 0 };
    else if (f.type === 'select' || f.type === 'relation') out[f.name] = list(v);
    else if (f.type === 'bool') out[f.name] = Boolean(v);
    else if (f.type === 'number') out[f.name] = r ? v ?? 0 : '';
    else out[f.name] = v ?? '';
  }
  return out;
}

/** Form state → request body; the SDK sends multipart when a File is inside. */
function buildBody(fields: Field[], values: Record<string, any>, original: RecordModel | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'autodate') continue;
    if (f.name === 'id') {
      if (!original && v) body.id = v;
      continue;
    }
    switch (f.type) {
      case 'file': {
        const fv = v as FileValue;
        if (!original) body[f.name] = fv.added;
        else if (!isMulti(f) && fv.added.length) body[f.name] = fv.added[0];
        else {
          if (fv.removed.length) body[`${f.name}-`] = fv.removed;
          if (fv.added.length) body[`${f.name}+`] = fv.added;
        }
        break;
      }
      case 'json':
        try {
          body[f.name] = String(v).trim() === '' ? null : JSON.parse(v);
        } catch {
          throw Object.assign(new Error(`${f.name}: invalid JSON`), { field: f.name });
        }
        break;
      case 'password':
        if (v.password || !original) {
          body[f.name] = v.password;
          body.passwordConfirm = v.confirm;
        }
        break;
      case 'select':
      case 'relation':
        body[f.name] = isMulti(f) ? v : v[0] ?? '';
        break;
      case 'number':
        body[f.name] = v === '' ? 0 : Number(v);
        break;
      default:
        body[f.name] = v;
    }
  }
  return body;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v ? [String(v)] : []);
