import type { CollectionModel } from 'pocketbase';
import { OAuth2Options } from './oauth2-options';

const tokens = [
  ['authToken', 'Auth token'],
  ['verificationToken', 'Verification token'],
  ['passwordResetToken', 'Password reset token'],
  ['emailChangeToken', 'Email change token'],
  ['fileToken', 'Protected file token'],
] as const;

type Patch = (p: Partial<CollectionModel>) => void;

/** Auth collection options: password sign-in, OAuth2, OTP, MFA, login alerts and token lifetimes. */
export function AuthOptions({ draft, errors, onChange }: { draft: CollectionModel; errors: Record<string, string>; onChange: Patch }) {
  const d = draft as any;
  const set = (key: string, sub: string, v: unknown) => onChange({ [key]: { ...d[key], [sub]: v } } as any);
  const identityChoices = (draft.fields as { name: string; type: string }[]).filter((f) => ['email', 'text'].includes(f.type) && f.name !== 'id' && f.name !== 'tokenKey');
  const num = (key: string, sub: string, label: string, min = 0) => (
    <div>
      <label for={`${key}-${sub}`}>{label}</label>
      <input id={`${key}-${sub}`} type="number" min={min} value={d[key]?.[sub] ?? 0} onInput={(e) => set(key, sub, Number(e.currentTarget.value))} />
    </div>
  );
  const problems = Object.entries(errors).filter(([k]) => /^(passwordAuth|oauth2|otp|mfa|authAlert|authToken|verificationToken|passwordResetToken|emailChangeToken|fileToken)\./.test(k) && !k.includes('emailTemplate'));
  return (
    <div class="stack">
      {problems.length > 0 && <div class="error" role="alert">{problems.map(([k, m]) => `${k}: ${m}`).join('\n')}</div>}
      <fieldset class="section" aria-label="Password sign-in">
        <label class="check"><input id="passwordAuth-enabled" type="checkbox" checked={d.passwordAuth?.enabled} onChange={(e) => set('passwordAuth', 'enabled', e.currentTarget.checked)} /> Identity/password sign-in</label>
        <div class="row wrap" style={{ marginTop: '8px' }}>
          <span class="muted">Identity fields (each needs a unique index):</span>
          {identityChoices.map((f) => {
            const on = (d.passwordAuth?.identityFields ?? []).includes(f.name);
            return (
              <button type="button" key={f.name} class={`chip toggle ${on ? 'on' : ''}`} aria-pressed={on} aria-label={`Identity field ${f.name}`}
                onClick={() => set('passwordAuth', 'identityFields', on ? d.passwordAuth.identityFields.filter((x: string) => x !== f.name) : [...(d.passwordAuth?.identityFields ?? []), f.name])}>
                {f.name}
              </button>
            );
          })}
        </div>
      </fieldset>
      <OAuth2Options draft={draft} onChange={onChange} />
      <fieldset class="section" aria-label="One-time password">
        <label class="check"><input id="otp-enabled" type="checkbox" checked={d.otp?.enabled} onChange={(e) => set('otp', 'enabled', e.currentTarget.checked)} /> One-time password (OTP) by email</label>
        {d.otp?.enabled && (
          <div class="grid2" style={{ marginTop: '10px' }}>
            {num('otp', 'duration', 'Code lifetime (seconds)', 10)}
            {num('otp', 'length', 'Code length', 4)}
          </div>
        )}
      </fieldset>
      <fieldset class="section" aria-label="Multi-factor authentication">
        <label class="check"><input id="mfa-enabled" type="checkbox" checked={d.mfa?.enabled} onChange={(e) => set('mfa', 'enabled', e.currentTarget.checked)} /> Multi-factor authentication (MFA)</label>
        <p class="muted small">A first sign-in method returns an <code>mfaId</code>; a second, different method within the duration completes the sign-in.</p>
        {d.mfa?.enabled && (
          <div class="stack">
            <div class="grid2">{num('mfa', 'duration', 'Time for the second method (seconds)', 10)}</div>
            <div>
              <label for="mfa-rule">Only require MFA when (rule; empty = always)</label>
              <input id="mfa-rule" class="mono" placeholder='e.g. @request.context != "oauth2"' value={d.mfa?.rule ?? ''} onInput={(e) => set('mfa', 'rule', e.currentTarget.value)} />
            </div>
          </div>
        )}
      </fieldset>
      <fieldset class="section" aria-label="Login alerts">
        <label class="check"><input id="authAlert-enabled" type="checkbox" checked={d.authAlert?.enabled} onChange={(e) => set('authAlert', 'enabled', e.currentTarget.checked)} /> Email an alert on sign-in from a new device</label>
      </fieldset>
      <fieldset class="section" aria-label="Token lifetimes">
        <h3>Token lifetimes</h3>
        <div class="grid2" style={{ marginTop: '8px' }}>
          {tokens.map(([key, label]) => (
            <div key={key}>
              <label for={`tok-${key}`}>{label} (seconds)</label>
              <input id={`tok-${key}`} type="number" min={10} value={d[key]?.duration ?? 0} onInput={(e) => set(key, 'duration', Number(e.currentTarget.value))} />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
