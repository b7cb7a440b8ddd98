import type { LogModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { errorText, pb } from '../lib/pb';
import { Drawer } from './drawer';
import { levelName } from '../lib/log-stats';

/** One log entry, loaded fresh: its level, message and every data key. */
export function LogDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const [log, setLog] = useState<LogModel | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    pb.logs.getOne(id).then(setLog, (e) => setError(errorText(e)));
  }, [id]);
  const d = (log?.data ?? {}) as Record<string, unknown>;
  return (
    <Drawer title="Log entry" label="Log entry" onClose={onClose}>
      {error && <div class="error" role="alert">{error}</div>}
      {!log && !error && <div class="empty">Loading…</div>}
      {log && (
        <table class="kv">
          <tbody>
            <tr><th>id</th><td class="mono">{log.id}</td></tr>
            <tr><th>created</th><td class="mono">{log.created}</td></tr>
            <tr><th>level</th><td><span class={`badge level-${levelName(log.level)}`}>{levelName(log.level)} ({log.level})</span></td></tr>
            <tr><th>message</th><td>{log.message}</td></tr>
            {Object.entries(d).map(([k, v]) => (
              <tr key={k}><th>data.{k}</th><td class="mono">{typeof v === 'object' && v !== null ? <pre>{JSON.stringify(v, null, 2)}</pre> : String(v)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Drawer>
  );
}
