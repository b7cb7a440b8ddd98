import { useState } from 'preact/hooks';
import { errorText, pb } from '../lib/pb';

type Result = { execTime: number; affectedRows: number; columns: { name: string; type: string; nullable: boolean }[]; rows: unknown[][] };

const lastQueryKey = 'plinth.sql.lastQuery';
const cell = (v: unknown) => (v === null ? <span class="muted">NULL</span> : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** SQL console for superusers (POST /api/sql): reads show rows, writes report the rows they changed. */
export function SqlPage() {
  const [query, setQuery] = useState(() => localStorage.getItem(lastQueryKey) ?? 'SELECT id, email, created FROM users ORDER BY created DESC LIMIT 20');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function run(e?: Event) {
    e?.preventDefault();
    setBusy(true);
    setError('');
    localStorage.setItem(lastQueryKey, query);
    try {
      setResult((await pb.send('/api/sql', { method: 'POST', body: { query } })) as Result);
    } catch (err) {
      setResult(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="main">
      <div class="page-head"><h1>SQL console</h1><span class="muted small">Runs on the live database; writes run in a transaction. At most 1000 rows are returned.</span></div>
      <form class="stack" onSubmit={run}>
        <label for="sql-query">Query</label>
        <textarea id="sql-query" class="mono sql" rows={6} spellcheck={false} value={query} onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' && run(e)} />
        <div class="row">
          <button class="btn primary" disabled={busy || !query.trim()}>Run</button>
          <span class="muted small">Ctrl+Enter</span>
        </div>
      </form>
      {error && <div class="error" role="alert" style={{ marginTop: 12 }}>{error}</div>}
      {result && (
        <section class="stack" style={{ marginTop: 16 }} aria-label="Query result">
          <div class="muted small" data-testid="sql-summary">
            {result.columns.length ? `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}` : `${result.affectedRows} row${result.affectedRows === 1 ? '' : 's'} affected`} · {result.execTime} ms
          </div>
          {result.columns.length > 0 && (
            <div class="table-wrap">
              <table class="sql-result">
                <thead><tr>{result.columns.map((c) => <th key={c.name} title={`${c.type || 'any'}${c.nullable ? ', nullable' : ''}`}>{c.name} <span class="type">{c.type}</span></th>)}</tr></thead>
                <tbody>{result.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j} class="mono">{cell(v)}</td>)}</tr>)}</tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </main>
  );
}
