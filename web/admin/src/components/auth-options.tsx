import type { CollectionModel } from 'pocketbase';

const tokens = [
  ['authToken', 'Auth token'],
  ['verificationToken', 'Verification token'],
  ['passwordResetToken', 'Password reset token'],
  ['emailChangeToken', 'Email change token'],
  ['fileToken', 'Protected file token'],
] as const;

/** Auth collection options: password sign-in, OTP, MFA, login alerts and token lifetimes. */
export function AuthOptions({ draft, onChange }: { draft: CollectionModel; onChange: (p: Partial<CollectionModel>) => void }) {
  const d = draft as any;
  const set = (key: string, sub: string, v: unknown) => onChange({ [key]: { ...d[key], [sub]: v } } as any);
  const identityChoices = (draft.fields as { name: string; type: string }[]).filter((f) => ['email', 'text'].includes(f.type) && f.name !== 'id' && f.name !== 'tokenKey');
  return (
    <div class="stack">
      <div class="section" style={{ margin: 0 }}>
        <label class="check"><input type="checkbox" checked={d.passwordAuth?.enabled} onChange={(e) => set('passwordAuth', 'enabled', e.currentTarget.checked)} /> Identity/password sign-in</label>
        <div class="row wrap" style={{ marginTop: '8px' }}>
          <span class="muted">Identity fields:</span>
          {identityChoices.map((f) => {
            const on = (d.passwordAuth?.identityFields ?? []).includes(f.name);
            return (
              <button type="button" key={f.name} class={`chip ${on ? 'on' : ''}`} style={{ border: 0, cursor: 'pointer' }} aria-pressed={on}
                onClick={() => set('passwordAuth', 'identityFields', on ? d.passwordAuth.identityFields.filter((x: string) => x !== f.name) : [...(d.passwordAuth?.identityFields ?? []), f.name])}>
                {f.name}
              </button>
            );
          })}
        </div>
      </div>
      <div class="section grid2" style={{ margin: 0 }}>
        <label class="check"><input type="checkbox" checked={d.otp?.enabled} onChange={(e) => set('otp', 'enabled', e.currentTarget.checked)} /> One-time password (OTP)</label>
        <label class="check"><input type="checkbox" checked={d.mfa?.enabled} onChange={(e) => set('mfa', 'enabled', e.currentTarget.checked)} /> Multi-factor (MFA)</label>
        <label class="check"><input type="checkbox" checked={d.authAlert?.enabled} onChange={(e) => set('authAlert', 'enabled', e.currentTarget.checked)} /> New-device login alerts</label>
      </div>
      <div class="section grid2" style={{ margin: 0 }}>
        {tokens.map(([key, label]) => (
          <div key={key}>
            <label for={`tok-${key}`}>{label} (seconds)</label>
            <input id={`tok-${key}`} type="number" min={10} value={d[key]?.duration ?? 0} onInput={(e) => set(key, 'duration', Number(e.currentTarget.value))} />
          </div>
        ))}
      </div>
    </div>
  );
}
