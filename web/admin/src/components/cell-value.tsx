import type { RecordModel } from 'pocketbase';
import { pb } from '../lib/pb';
import type { Field } from '../lib/records';

const textCharsMax = 60;

/** A compact preview of one value in the records table. */
export function CellValue({ record, field }: { record: RecordModel; field: Field }) {
  const v = record[field.name];
  switch (field.type) {
    case 'bool':
      if (field.name === 'verified' && field.system) return <span class={`badge ${v ? 'ok' : 'warn'}`}>{v ? '✓ verified' : 'unverified'}</span>;
      return <span class={`badge ${v ? 'ok' : ''}`}>{v ? 'true' : 'false'}</span>;
    case 'file':
      return <>{list(v).map((name) => <FileThumb key={name} record={record} name={name} />)}</>;
    case 'relation': {
      const expanded = record.expand?.[field.name];
      const items = Array.isArray(expanded) ? expanded : expanded ? [expanded] : [];
      return <>{list(v).map((id) => <span class="chip" key={id}>{label(items.find((x: RecordModel) => x.id === id)) ?? id}</span>)}</>;
    }
    case 'select':
      return <>{list(v).map((x) => <span class="chip" key={x}>{x}</span>)}</>;
    case 'json':
      return <code>{v === null || v === undefined ? 'null' : clip(JSON.stringify(v))}</code>;
    case 'geoPoint':
      return <code>{v ? `${v.lon}, ${v.lat}` : ''}</code>;
    case 'editor':
      return <span>{clip(String(v ?? '').replace(/<[^>]*>/g, ' '))}</span>;
    case 'date':
    case 'autodate':
      return v ? <span class="mono" title={v}>{String(v).slice(0, 19)}</span> : <span class="muted">N/A</span>;
    default:
      if (v === '' || v === null || v === undefined) return <span class="muted">N/A</span>;
      return <span>{clip(String(v))}</span>;
  }
}

function FileThumb({ record, name }: { record: RecordModel; name: string }) {
  const isImage = /\.(png|jpe?g|gif|webp|svg|avif)$/i.test(name);
  const url = pb.files.getURL(record, name, isImage ? { thumb: '100x100' } : {});
  return isImage ? <img class="thumb" src={url} alt={name} loading="lazy" /> : <span class="chip">{name}</span>;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v ? [String(v)] : []);
const clip = (s: string) => (s.length > textCharsMax ? s.slice(0, textCharsMax) + '…' : s);

/** The first presentable (or name-like) value of a related record. */
export function label(r: RecordModel | undefined): string | undefined {
  if (!r) return undefined;
  for (const k of ['name', 'title', 'email', 'username', 'label']) if (typeof r[k] === 'string' && r[k]) return r[k];
  return r.id;
}
