import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { mappedFieldKeys, oauth2Providers } from '../lib/oauth2-providers';

type Provider = { name: string; clientId?: string; clientSecret?: string; displayName?: string; authURL?: string; tokenURL?: string; userInfoURL?: string; pkce?: boolean | null };

/**
 * OAuth2: the switch, one card per configured provider (client id and secret; endpoints for the
 * generic OIDC slots) and which collection fields receive the provider's name, username and avatar.
 * Secrets are never sent back by the server: an empty secret field keeps the stored one.
 */
export function OAuth2Options({ draft, onChange }: { draft: CollectionModel; onChange: (p: Partial<CollectionModel>) => void }) {
  const o = ((draft as any).oauth2 ?? { enabled: false, providers: [], mappedFields: {} }) as { enabled: boolean; providers: Provider[]; mappedFields: Record<string, string> };
  const [adding, setAdding] = useState('');
  const set = (p: Partial<typeof o>) => onChange({ oauth2: { ...o, ...p } } as any);
  const setProvider = (i: number, p: Partial<Provider>) => set({ providers: o.providers.map((x, j) => (j === i ? { ...x, ...p } : x)) });
  const unused = oauth2Providers.filter((p) => !o.providers.some((x) => x.name === p.name));
  const fieldNames = (draft.fields as { name: string; type: string }[]).filter((f) => !['password', 'autodate'].includes(f.type) && !['tokenKey', 'email', 'emailVisibility', 'verified'].includes(f.name)).map((f) => f.name);
  return (
    <fieldset class="section" aria-label="OAuth2">
      <label class="check"><input id="oauth2-enabled" type="checkbox" checked={o.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> OAuth2 sign-in</label>
      {o.enabled && (
        <div class="stack" style={{ marginTop: '10px' }}>
          {o.providers.map((p, i) => {
            const known = oauth2Providers.find((x) => x.name === p.name);
            const id = (k: string) => `oauth2-${p.name}-${k}`;
            return (
              <div class="provider" key={p.name} data-provider={p.name}>
                <div class="row">
                  <strong class="grow">{known?.label ?? p.name} <span class="muted mono">{p.name}</span></strong>
                  <button type="button" class="btn small danger" aria-label={`Remove provider ${p.name}`} onClick={() => set({ providers: o.providers.filter((_, j) => j !== i) })}>Remove</button>
                </div>
                <div class="grid2">
                  <div><label for={id('clientId')}>Client ID</label><input id={id('clientId')} autocomplete="off" value={p.clientId ?? ''} onInput={(e) => setProvider(i, { clientId: e.currentTarget.value })} /></div>
                  <div><label for={id('clientSecret')}>Client secret</label><input id={id('clientSecret')} type="password" autocomplete="new-password" placeholder="kept if empty" value={p.clientSecret ?? ''} onInput={(e) => setProvider(i, { clientSecret: e.currentTarget.value })} /></div>
                  <div><label for={id('displayName')}>Display name</label><input id={id('displayName')} placeholder={known?.label} value={p.displayName ?? ''} onInput={(e) => setProvider(i, { displayName: e.currentTarget.value })} /></div>
                  {known?.needsURLs && (['authURL', 'tokenURL', 'userInfoURL'] as const).map((k) => (
                    <div key={k}><label for={id(k)}>{k}</label><input id={id(k)} type="url" placeholder="https://" value={p[k] ?? ''} onInput={(e) => setProvider(i, { [k]: e.currentTarget.value })} /></div>
                  ))}
                  <label class="check"><input id={id('pkce')} type="checkbox" checked={p.pkce !== false} onChange={(e) => setProvider(i, { pkce: e.currentTarget.checked })} /> PKCE</label>
                </div>
              </div>
            );
          })}
          {unused.length > 0 && (
            <div class="row">
              <select aria-label="OAuth2 provider to add" value={adding} onChange={(e) => setAdding(e.currentTarget.value)} style={{ maxWidth: '240px' }}>
                <option value="">Choose a provider…</option>
                {unused.map((p) => <option key={p.name} value={p.name}>{p.label}</option>)}
              </select>
              <button type="button" class="btn small" disabled={!adding} onClick={() => (set({ providers: [...o.providers, { name: adding, clientId: '', clientSecret: '' }] }), setAdding(''))}>+ Add provider</button>
            </div>
          )}
          <div>
            <h3>Fields filled from the provider on sign-up</h3>
            <div class="grid2" style={{ marginTop: '8px' }}>
              {mappedFieldKeys.map(([k, label]) => (
                <div key={k}>
                  <label for={`oauth2-map-${k}`}>{label}</label>
                  <select id={`oauth2-map-${k}`} value={o.mappedFields?.[k] ?? ''} onChange={(e) => set({ mappedFields: { ...o.mappedFields, [k]: e.currentTarget.value } })}>
                    <option value="">— not mapped —</option>
                    {fieldNames.map((n) => <option key={n} value={n}>{n}</option>)}
                  </select>
                </div>
              ))}
            </div>
          </div>
        </div>
      )}
    </fieldset>
  );
}
