import type { CollectionModel, RecordModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { errorText, pb, superusers } from '../lib/pb';
import { toast } from '../lib/toast';

// Impersonation tokens can't be refreshed, so offer a short default.
const defaultImpersonateSeconds = 3600;

/**
 * What a superuser can do for one user of an auth collection: resend the verification email,
 * send a password reset email, and sign in as the user (a non-refreshable token to copy).
 */
export function AuthRecordActions({ collection: c, record }: { collection: CollectionModel; record: RecordModel }) {
  const [busy, setBusy] = useState('');
  const [duration, setDuration] = useState(defaultImpersonateSeconds);
  const [token, setToken] = useState('');
  const email = String(record.email ?? '');

  const run = async (what: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await fn();
      toast(done);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy('');
    }
  };
  const impersonate = async () => {
    setBusy('impersonate');
    try {
      const client = await pb.collection(c.name).impersonate(record.id, duration);
      setToken(client.authStore.token);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy('');
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      toast('Token copied.');
    } catch {
      (document.getElementById('impersonate-token') as HTMLTextAreaElement | null)?.select();
      toast('Copying was refused: the token is selected, press Ctrl+C.', 'error');
    }
  };

  return (
    <section class="auth-actions" aria-label="User actions">
      <h3>User actions</h3>
      <div class="row wrap">
        {c.name !== superusers && !record.verified && (
          <button type="button" class="btn small" disabled={!email || !!busy}
            onClick={() => run('verify', () => pb.collection(c.name).requestVerification(email), `Verification email sent to ${email}.`)}>
            ✉ Send verification email
          </button>
        )}
        <button type="button" class="btn small" disabled={!email || !!busy}
          onClick={() => run('reset', () => pb.collection(c.name).requestPasswordReset(email), `Password reset email sent to ${email}.`)}>
          ✉ Send password reset email
        </button>
      </div>
      <div class="row wrap">
        <label for="impersonate-duration" class="inline">Impersonate for</label>
        <input id="impersonate-duration" type="number" min={0} style={{ width: '110px' }} value={duration} onInput={(e) => setDuration(Number(e.currentTarget.value))} />
        <span class="muted small">seconds (0 = the collection's auth token lifetime)</span>
        <button type="button" class="btn small" disabled={!!busy} onClick={impersonate}>Get auth token</button>
      </div>
      {token && (
        <div>
          <label for="impersonate-token">Auth token for {email || record.id} (not refreshable; send it as the Authorization header)</label>
          <div class="row">
            <textarea id="impersonate-token" class="mono grow" readOnly rows={3} value={token} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="btn small" onClick={copy}>Copy</button>
          </div>
        </div>
      )}
    </section>
  );
}
