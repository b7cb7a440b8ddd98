import { useState } from 'preact/hooks';
import { errorText, pb, superusers } from '../lib/pb';
import { navigate } from '../lib/router';

const installerEmail = '__pbinstaller@example.com';

/**
 * First run: `plinth serve` printed a link holding a short-lived token of a temporary superuser.
 * With it we create the real superuser, sign in as them and delete the temporary one.
 */
export function InstallPage({ token }: { token: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      pb.authStore.save(token, null);
      await pb.collection(superusers).create({ email, password, passwordConfirm: confirm });
      await pb.collection(superusers).authWithPassword(email, password);
      const installer = await pb.collection(superusers).getFirstListItem(pb.filter('email = {:e}', { e: installerEmail })).catch(() => null);
      if (installer) await pb.collection(superusers).delete(installer.id);
      navigate('/collections');
    } catch (err) {
      if (pb.authStore.token === token) pb.authStore.clear();
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="center-card stack" onSubmit={submit}>
      <h1>Create your first superuser</h1>
      <p class="muted">This one-time link expires 30 minutes after the server printed it.</p>
      <div>
        <label for="email">Email</label>
        <input id="email" type="email" required autofocus value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </div>
      <div>
        <label for="password">Password</label>
        <input id="password" type="password" required minLength={8} autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </div>
      <div>
        <label for="confirm">Password again</label>
        <input id="confirm" type="password" required autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      </div>
      {error && <div class="error" role="alert">{error}</div>}
      <button class="btn primary" style={{ width: '100%', justifyContent: 'center' }} disabled={busy}>
        Create superuser and sign in
      </button>
    </form>
  );
}
