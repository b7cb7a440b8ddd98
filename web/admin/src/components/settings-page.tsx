import { useEffect, useState } from 'preact/hooks';
import { errorText, fieldErrors, pb } from '../lib/pb';
import { toast } from '../lib/toast';
import { SettingsInput } from './settings-input';
import { TestEmail } from './test-email';
import { TestS3 } from './test-s3';

type Settings = Record<string, any>;

/** Application, mail, storage, batch, rate limits, proxy and logs settings, saved with one PATCH. */
export function SettingsPage() {
  const [s, setS] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    pb.settings.getAll().then(setS, (e) => toast(errorText(e), 'error'));
  }, []);
  if (!s) return <main class="main"><div class="empty">Loading…</div></main>;

  const set = (path: string, v: unknown) => {
    const next = structuredClone(s);
    const keys = path.split('.');
    let o = next;
    for (const k of keys.slice(0, -1)) o = o[k] ??= {};
    o[keys[keys.length - 1]] = v;
    setS(next);
  };
  const input = (path: string, label: string, kind: 'text' | 'number' | 'bool' | 'password' | 'list' = 'text') => (
    <SettingsInput path={path} label={label} kind={kind} settings={s} error={errors[path]} onChange={set} />
  );
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      setS(await pb.settings.update(s!));
      toast('Settings saved.');
    } catch (err) {
      setErrors(fieldErrors(err));
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="main">
      <form onSubmit={save}>
        <div class="page-head">
          <h1>Settings</h1>
          <span class="grow" />
          <button class="btn primary" disabled={busy}>Save changes</button>
        </div>
        <section class="section"><h2>Application</h2><div class="grid2">
          {input('meta.appName', 'Application name')}
          {input('meta.appURL', 'Application URL')}
          {input('meta.hideControls', 'Hide collection create and edit controls', 'bool')}
        </div></section>
        <section class="section"><h2>Mail</h2><div class="grid2">
          {input('meta.senderName', 'Sender name')}
          {input('meta.senderAddress', 'Sender address')}
          {input('smtp.enabled', 'Use SMTP (otherwise sendmail)', 'bool')}
          {input('smtp.host', 'SMTP host')}
          {input('smtp.port', 'SMTP port', 'number')}
          {input('smtp.username', 'Username')}
          {input('smtp.password', 'Password (kept if empty)', 'password')}
          {input('smtp.authMethod', 'Auth method (PLAIN, LOGIN)')}
          {input('smtp.tls', 'TLS', 'bool')}
          {input('smtp.localName', 'EHLO/HELO name')}
        </div>
        <TestEmail /></section>
        <section class="section"><h2>File storage (S3)</h2><div class="grid2">
          {input('s3.enabled', 'Use S3 storage', 'bool')}
          {input('s3.endpoint', 'Endpoint')}
          {input('s3.bucket', 'Bucket')}
          {input('s3.region', 'Region')}
          {input('s3.accessKey', 'Access key')}
          {input('s3.secret', 'Secret (kept if empty)', 'password')}
          {input('s3.forcePathStyle', 'Force path-style addressing', 'bool')}
        </div>
        <TestS3 /></section>
        <section class="section"><h2>Batch API</h2><div class="grid2">
          {input('batch.enabled', 'Enable /api/batch', 'bool')}
          {input('batch.maxRequests', 'Max requests per batch', 'number')}
          {input('batch.timeout', 'Timeout (seconds)', 'number')}
          {input('batch.maxBodySize', 'Max body size (bytes, 0 = default)', 'number')}
        </div></section>
        <section class="section"><h2>Rate limits</h2>
          <div class="grid2">
            {input('rateLimits.enabled', 'Enable rate limiting', 'bool')}
            {input('rateLimits.excludedIPs', 'Excluded IPs', 'list')}
          </div>
          <RateLimitRules rules={s.rateLimits?.rules ?? []} onChange={(r) => set('rateLimits.rules', r)} />
        </section>
        <section class="section"><h2>Trusted proxy</h2><div class="grid2">
          {input('trustedProxy.headers', 'Client IP headers (e.g. X-Forwarded-For)', 'list')}
          {input('trustedProxy.useLeftmostIP', 'Use the leftmost IP', 'bool')}
        </div></section>
        <section class="section"><h2>Logs</h2><div class="grid2">
          {input('logs.maxDays', 'Keep logs (days, 0 = off)', 'number')}
          {input('logs.minLevel', 'Minimum level', 'number')}
          {input('logs.logIP', 'Log IP addresses', 'bool')}
          {input('logs.logAuthId', 'Log auth ids', 'bool')}
        </div></section>
        <section class="section"><h2>Superuser IPs</h2>
          {input('superuserIPs', 'Allowed IPs or CIDRs (empty = any)', 'list')}
        </section>
      </form>
    </main>
  );
}

type Rule = { label: string; audience: string; duration: number; maxRequests: number };

function RateLimitRules({ rules, onChange }: { rules: Rule[]; onChange: (r: Rule[]) => void }) {
  const set = (i: number, k: keyof Rule, v: unknown) => onChange(rules.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <div class="stack" style={{ marginTop: '12px' }}>
      {rules.map((r, i) => (
        <div class="row" key={i}>
          <input aria-label="Label" placeholder="label, e.g. *:auth" value={r.label} onInput={(e) => set(i, 'label', e.currentTarget.value)} />
          <select aria-label="Audience" value={r.audience} onChange={(e) => set(i, 'audience', e.currentTarget.value)}>
            <option value="">all</option><option value="@guest">guests</option><option value="@auth">signed in</option>
          </select>
          <input aria-label="Max requests" type="number" value={r.maxRequests} onInput={(e) => set(i, 'maxRequests', Number(e.currentTarget.value))} />
          <span class="muted">per</span>
          <input aria-label="Seconds" type="number" value={r.duration} onInput={(e) => set(i, 'duration', Number(e.currentTarget.value))} />
          <span class="muted">s</span>
          <button type="button" class="btn small danger" aria-label="Remove rule" onClick={() => onChange(rules.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      <div><button type="button" class="btn small" onClick={() => onChange([...rules, { label: '', audience: '', duration: 3, maxRequests: 10 }])}>+ Add rule</button></div>
    </div>
  );
}
