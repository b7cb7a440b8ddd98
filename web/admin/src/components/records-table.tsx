import type { CollectionModel, RecordModel } from 'pocketbase';
import { fieldType } from '../lib/field-types';
import type { Field } from '../lib/records';
import { CellValue } from './cell-value';

interface Props {
  collection: CollectionModel;
  fields: Field[];
  items: RecordModel[];
  loading: boolean;
  sort: string;
  onSort: (sort: string) => void;
  selected: string[];
  onSelect: (ids: string[]) => void;
  flash: string[];
  onOpen: (r: RecordModel) => void;
}

export function RecordsTable(p: Props) {
  const allOnPage = p.items.length > 0 && p.items.every((r) => p.selected.includes(r.id));
  const toggle = (id: string) => p.onSelect(p.selected.includes(id) ? p.selected.filter((x) => x !== id) : [...p.selected, id]);
  const sortBy = (name: string) => p.onSort(p.sort === name ? `-${name}` : p.sort === `-${name}` ? '' : name);
  const arrow = (name: string) => (p.sort === name ? '▲' : p.sort === `-${name}` ? '▼' : '');
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th class="check">
              <input type="checkbox" aria-label="Select all on this page" checked={allOnPage}
                onChange={() => p.onSelect(allOnPage ? p.selected.filter((id) => !p.items.some((r) => r.id === id)) : [...new Set([...p.selected, ...p.items.map((r) => r.id)])])} />
            </th>
            {p.fields.map((f) => (
              <th key={f.name} aria-sort={p.sort === f.name ? 'ascending' : p.sort === `-${f.name}` ? 'descending' : 'none'}>
                <button type="button" onClick={() => sortBy(f.name)}>
                  <span class="type">{fieldType(f.type).icon}</span> {f.name} {arrow(f.name)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.items.map((r) => (
            <tr key={r.id} data-id={r.id} class={`${p.selected.includes(r.id) ? 'selected' : ''} ${p.flash.includes(r.id) ? 'flash' : ''}`}
              tabIndex={0} onClick={() => p.onOpen(r)} onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && p.onOpen(r)}>
              <td class="check" onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" aria-label={`Select ${r.id}`} checked={p.selected.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              {p.fields.map((f) => (
                <td key={f.name}><CellValue record={r} field={f} /></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {!p.items.length && <div class="empty">{p.loading ? 'Loading…' : 'No records found.'}</div>}
    </div>
  );
}
