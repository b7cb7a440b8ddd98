import { useState } from 'preact/hooks';
import { errorText, pb } from '../lib/pb';
import { toast } from '../lib/toast';

const templates = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'];

/** Sends one of the auth emails to an address with the saved mail settings. */
export function TestEmail() {
  const [to, setTo] = useState('');
  const [template, setTemplate] = useState('verification');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await pb.settings.testEmail('_superusers', to, template);
      toast(`Test email sent to ${to}.`);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row wrap" style={{ marginTop: '12px' }}>
      <input type="email" aria-label="Test email recipient" placeholder="you@example.com" style={{ flex: '1 1 200px', width: 'auto' }} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      <select aria-label="Test email template" style={{ width: '180px' }} value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
        {templates.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <button type="button" class="btn" disabled={busy || !to} onClick={send}>Send test email</button>
      <span class="muted" style={{ fontSize: '12px' }}>Uses the saved settings: save first.</span>
    </div>
  );
}
