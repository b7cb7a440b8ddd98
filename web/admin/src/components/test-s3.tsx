import { useState } from 'preact/hooks';
import { errorText, pb } from '../lib/pb';
import { toast } from '../lib/toast';

/** Checks the saved S3 settings of file storage by talking to the bucket (POST /api/settings/test/s3). */
export function TestS3() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const test = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await pb.settings.testS3('storage');
      setOutcome({ ok: true, text: 'S3 connection works.' });
      toast('S3 connection works.');
    } catch (err) {
      setOutcome({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row wrap" style={{ marginTop: '12px' }}>
      <button type="button" class="btn" disabled={busy} onClick={test}>{busy ? 'Testing…' : 'Test connection'}</button>
      {outcome && <span class={outcome.ok ? 'badge ok' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="s3-outcome">{outcome.text}</span>}
      <span class="muted" style={{ fontSize: '12px' }}>Uses the saved settings: save first.</span>
    </div>
  );
}
