import type { ListResult, LogModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { andFilter, buckets, fillHours, levelName, statusClasses, type Bucket } from '../lib/log-stats';
import { errorText, pb } from '../lib/pb';
import { LogDetail } from './log-detail';
import { LogsChart } from './logs-chart';

const perPage = 50;
const levels = [
  ['', 'All levels'],
  ['-4', 'Debug'],
  ['0', 'Info'],
  ['4', 'Warn'],
  ['8', 'Error'],
] as const;

/** Plain words search message and URL; anything with an operator is a filter as typed. */
function logsFilter(text: string, level: string): string {
  const q = text.trim();
  let f = !q ? '' : /[=<>~!]|&&|\|\|/.test(q) ? q : `message ~ ${JSON.stringify(q)} || data.url ~ ${JSON.stringify(q)}`;
  if (level !== '') f = andFilter(f, `level = ${level}`);
  return f;
}

/** Logs: requests per hour by status, then a filterable, paged table; a row opens its details. */
export function LogsPage() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [level, setLevel] = useState('');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ListResult<LogModel> | null>(null);
  const [chart, setChart] = useState<Bucket[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const filter = logsFilter(applied, level);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [list, total, ...byClass] = await Promise.all([
          pb.logs.getList(page, perPage, { filter, sort: '-created' }),
          pb.logs.getStats({ filter }),
          ...statusClasses.map((c) => pb.logs.getStats({ filter: andFilter(filter, c.filter) })),
        ]);
        if (!live) return;
        setResult(list);
        setChart(fillHours(buckets(total, Object.fromEntries(statusClasses.map((c, i) => [c.key, byClass[i]])))));
        setError('');
      } catch (err) {
        if (live) setError(errorText(err));
      }
    })();
    return () => void (live = false);
  }, [filter, page, tick]);

  return (
    <main class="main">
      <div class="page-head">
        <h1>Logs</h1>
        <button type="button" class="btn small ghost" aria-label="Refresh" title="Refresh" onClick={() => setTick(tick + 1)}>↻</button>
      </div>
      <form class="toolbar" onSubmit={(e) => (e.preventDefault(), setPage(1), setApplied(search))}>
        <div class="search">
          <input type="search" aria-label="Search or filter logs" placeholder='Search, or a filter like data.status >= 400 && data.method = "POST"' value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <select aria-label="Level" style={{ width: 'auto' }} value={level} onChange={(e) => (setPage(1), setLevel(e.currentTarget.value))}>
          {levels.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
        <button class="btn">Search</button>
        {applied && <button type="button" class="btn ghost" onClick={() => (setSearch(''), setApplied(''), setPage(1))}>Clear</button>}
      </form>
      {error && <div class="error" role="alert" style={{ marginBottom: 10 }}>{error}</div>}
      <section class="section wide" aria-label="Requests over time">
        {chart ? chart.length ? <LogsChart data={chart} /> : <div class="empty">No logs in this range.</div> : <div class="empty">Loading…</div>}
      </section>
      <div class="table-wrap">
        <table class="logs">
          <thead>
            <tr><th>Level</th><th>Status</th><th>Method</th><th>URL / message</th><th>Time (ms)</th><th>Created (UTC)</th></tr>
          </thead>
          <tbody>
            {result?.items.map((l) => {
              const d = (l.data ?? {}) as Record<string, any>;
              return (
                <tr key={l.id} data-id={l.id} tabIndex={0} onClick={() => setOpen(l.id)} onKeyDown={(e) => e.key === 'Enter' && setOpen(l.id)}>
                  <td><span class={`badge level-${levelName(l.level)}`}>{levelName(l.level)}</span></td>
                  <td>{d.status ? <span class={`badge status-${String(d.status)[0]}xx`}>{d.status}</span> : ''}</td>
                  <td class="mono">{d.method ?? ''}</td>
                  <td class="mono url">{d.url ?? l.message}</td>
                  <td class="mono">{typeof d.execTime === 'number' ? d.execTime.toFixed(1) : ''}</td>
                  <td class="mono muted">{l.created.slice(0, 19)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {result && !result.items.length && <div class="empty">No logs found.</div>}
      </div>
      {result && (
        <div class="pager">
          <span>{result.totalItems} log{result.totalItems === 1 ? '' : 's'}</span>
          <button type="button" class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>‹ Prev</button>
          <span>Page {result.page} of {Math.max(1, result.totalPages)}</span>
          <button type="button" class="btn small" disabled={page >= result.totalPages} onClick={() => setPage(page + 1)}>Next ›</button>
        </div>
      )}
      {open && <LogDetail id={open} onClose={() => setOpen(null)} />}
    </main>
  );
}
