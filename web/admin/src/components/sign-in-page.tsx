import { useState } from 'preact/hooks';
import { errorText, pb, superusers } from '../lib/pb';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await pb.collection(superusers).authWithPassword(email, password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="center-card stack" onSubmit={submit}>
      <h1>Plinth · Superuser sign-in</h1>
      <div>
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="username" required autofocus value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </div>
      <div>
        <label for="password">Password</label>
        <input id="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </div>
      {error && <div class="error" role="alert">{error}</div>}
      <button class="btn primary" style={{ width: '100%', justifyContent: 'center' }} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
