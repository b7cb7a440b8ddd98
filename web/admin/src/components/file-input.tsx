import type { CollectionModel } from 'pocketbase';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { isMulti } from '../lib/field-types';
import { pb } from '../lib/pb';
import type { Field } from '../lib/records';
import type { FileValue } from './field-input';

const isImage = (name: string) => /\.(png|jpe?g|gif|webp|svg|avif)$/i.test(name);

/** Existing files with thumbnails (click ✕ to remove), plus new uploads by picker or drag-and-drop. */
export function FileInput({ field: f, collection, value: v, onChange }: { field: Field; collection: CollectionModel; value: FileValue; onChange: (v: FileValue) => void }) {
  const [over, setOver] = useState(false);
  const multi = isMulti(f);
  const recordRef = { id: v.recordId ?? '', collectionId: collection.id, collectionName: collection.name };
  const add = (files: FileList | null) => {
    if (!files?.length) return;
    const list = [...files];
    onChange(multi ? { ...v, added: [...v.added, ...list] } : { ...v, removed: [...v.removed, ...v.keep.filter((n) => !v.removed.includes(n))], added: list.slice(0, 1) });
  };
  const toggleKeep = (name: string) =>
    onChange(v.removed.includes(name) ? { ...v, removed: v.removed.filter((n) => n !== name) } : { ...v, removed: [...v.removed, name] });
  return (
    <div>
      <div class="files">
        {v.keep.map((name) => (
          <div class={`file ${v.removed.includes(name) ? 'removed' : ''}`} key={name}>
            {isImage(name) && recordRef.id && <img src={pb.files.getURL(recordRef, name, { thumb: '100x100' })} alt="" />}
            <span>{name}</span>
            <button type="button" class="btn small ghost" aria-label={`Remove ${name}`} onClick={() => toggleKeep(name)}>{v.removed.includes(name) ? '↺' : '✕'}</button>
          </div>
        ))}
        {v.added.map((file, i) => <NewFile key={i} file={file} onRemove={() => onChange({ ...v, added: v.added.filter((_, j) => j !== i) })} />)}
      </div>
      <label class={`dropzone ${over ? 'over' : ''}`} style={{ display: 'block', cursor: 'pointer', fontWeight: 400 }}
        onDragOver={(e) => (e.preventDefault(), setOver(true))} onDragLeave={() => setOver(false)}
        onDrop={(e) => (e.preventDefault(), setOver(false), add(e.dataTransfer?.files ?? null))}>
        Drop file{multi ? 's' : ''} here or click to upload
        <input type="file" multiple={multi} accept={(f.mimeTypes ?? []).join(',') || undefined} style={{ display: 'none' }} aria-label={`Upload ${f.name}`}
          onChange={(e) => (add(e.currentTarget.files), (e.currentTarget.value = ''))} />
      </label>
    </div>
  );
}

function NewFile({ file, onRemove }: { file: File; onRemove: () => void }) {
  const url = useMemo(() => (file.type.startsWith('image/') ? URL.createObjectURL(file) : ''), [file]);
  useEffect(() => () => url && URL.revokeObjectURL(url), [url]);
  return (
    <div class="file">
      {url && <img src={url} alt="" />}
      <span>{file.name}</span> <span class="badge accent">new</span>
      <button type="button" class="btn small ghost" aria-label={`Remove ${file.name}`} onClick={onRemove}>✕</button>
    </div>
  );
}
