import type { CollectionModel, ListResult, RecordModel } from 'pocketbase';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, pb } from '../lib/pb';
import { searchFilter, visibleFields } from '../lib/records';
import { toast } from '../lib/toast';
import { ColumnPicker } from './column-picker';
import { confirmDialog } from './confirm-dialog';
import { RecordPanel } from './record-panel';
import { RecordsTable } from './records-table';

const perPage = 30;
// Several events in a burst (bulk imports) cost one reload.
const reloadDelayMs = 150;

/** One collection's records: search, sort, page, pick columns, bulk delete, live updates. */
export function RecordsPage({ collection: c, onEdit }: { collection: CollectionModel; onEdit: () => void }) {
  const fields = visibleFields(c);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState(fields.some((f) => f.name === 'created') ? '-created' : '');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ListResult<RecordModel> | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<RecordModel | 'new' | null>(null);
  const [hidden, setHidden] = useState<string[]>(() => JSON.parse(localStorage.getItem(`plinth.hiddenColumns.${c.id}`) ?? '[]'));
  const [flash, setFlash] = useState<string[]>([]);
  const query = useRef({ page, sort, filter });
  query.current = { page, sort, filter };

  const expand = fields.filter((f) => f.type === 'relation').map((f) => f.name).join(',');
  async function load() {
    const q = query.current;
    try {
      const r = await pb.collection(c.name).getList(q.page, perPage, { sort: q.sort, filter: searchFilter(q.filter, c), expand: expand || undefined });
      setResult(r);
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  }
  useEffect(() => void load(), [page, sort, filter]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = pb.collection(c.name).subscribe('*', (e) => {
      setFlash((ids) => [...ids, e.record.id]);
      setTimeout(() => setFlash((ids) => ids.filter((id) => id !== e.record.id)), 2000);
      clearTimeout(timer);
      timer = setTimeout(load, reloadDelayMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe.then((off) => off()).catch(() => {});
    };
  }, [c.name]);

  const setColumns = (h: string[]) => {
    setHidden(h);
    localStorage.setItem(`plinth.hiddenColumns.${c.id}`, JSON.stringify(h));
  };
  async function deleteSelected() {
    const n = selected.length;
    const ok = await confirmDialog({ title: `Delete ${n} record${n === 1 ? '' : 's'}?`, body: <p>Their files are deleted too; relations pointing at them are cleared (or cascade). This cannot be undone.</p>, confirmText: 'Delete', danger: true });
    if (!ok) return;
    const results = await Promise.allSettled(selected.map((id) => pb.collection(c.name).delete(id)));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length) toast(`${failed.length} not deleted: ${errorText(failed[0].reason)}`, 'error');
    else toast(`Deleted ${n} record${n === 1 ? '' : 's'}.`);
    setSelected([]);
    void load();
  }

  return (
    <>
      <div class="page-head">
        <h1><span class="crumb">Collections /</span> {c.name}</h1>
        <button type="button" class="btn small ghost" title="Edit collection" aria-label="Edit collection" onClick={onEdit}>⚙ Edit collection</button>
        <button type="button" class="btn small ghost" title="Refresh" aria-label="Refresh" onClick={() => void load()}>↻</button>
        <span class="grow" />
        {c.type !== 'view' && <button type="button" class="btn primary" onClick={() => setEditing('new')}>+ New record</button>}
      </div>
      <form class="toolbar" onSubmit={(e) => (e.preventDefault(), setPage(1), setFilter(search))}>
        <div class="search">
          <input type="search" aria-label="Search or filter" placeholder={`Search term or filter, e.g. created > "2024-01-01" && ${fields[1]?.name ?? 'id'} != ""`}
            value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <button class="btn">Search</button>
        {filter && <button type="button" class="btn ghost" onClick={() => (setSearch(''), setFilter(''))}>Clear</button>}
        <ColumnPicker fields={fields} hidden={hidden} onChange={setColumns} />
      </form>
      {error && <div class="error" role="alert" style={{ marginBottom: 10 }}>{error}</div>}
      <RecordsTable
        collection={c}
        fields={fields.filter((f) => !hidden.includes(f.name))}
        items={result?.items ?? []}
        loading={!result}
        sort={sort}
        onSort={(s) => (setSort(s), setPage(1))}
        selected={selected}
        onSelect={setSelected}
        flash={flash}
        onOpen={(r) => setEditing(r)}
      />
      {result && (
        <div class="pager">
          <span>{result.totalItems} record{result.totalItems === 1 ? '' : 's'}</span>
          <button type="button" class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>‹ Prev</button>
          <span>Page {result.page} of {Math.max(1, result.totalPages)}</span>
          <button type="button" class="btn small" disabled={page >= result.totalPages} onClick={() => setPage(page + 1)}>Next ›</button>
        </div>
      )}
      {selected.length > 0 && (
        <div class="bulkbar" role="region" aria-label="Bulk actions">
          <span>{selected.length} selected</span>
          <button type="button" class="btn small ghost" style={{ color: '#fff' }} onClick={() => setSelected([])}>Reset</button>
          <button type="button" class="btn small danger solid" onClick={deleteSelected}>Delete selected</button>
        </div>
      )}
      {editing && (
        <RecordPanel collection={c} original={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), void load())} />
      )}
    </>
  );
}
