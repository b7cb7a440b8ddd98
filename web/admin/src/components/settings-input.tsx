type Kind = 'text' | 'number' | 'bool' | 'password' | 'list';

/** One settings value addressed by a dotted path (`smtp.port`). */
export function SettingsInput(p: { path: string; label: string; kind: Kind; settings: Record<string, any>; error?: string; onChange: (path: string, v: unknown) => void }) {
  const v = p.path.split('.').reduce<any>((o, k) => o?.[k], p.settings);
  const id = `set-${p.path.replace(/\./g, '-')}`;
  if (p.kind === 'bool') {
    return (
      <div>
        <label class="check"><input id={id} type="checkbox" checked={!!v} onChange={(e) => p.onChange(p.path, e.currentTarget.checked)} /> {p.label}</label>
        {p.error && <div class="error">{p.error}</div>}
      </div>
    );
  }
  const value = p.kind === 'list' ? (v ?? []).join(', ') : v ?? '';
  return (
    <div style={p.kind === 'list' ? { gridColumn: '1 / -1' } : undefined}>
      <label for={id}>{p.label}</label>
      <input id={id} type={(p.kind === 'number' ? 'number' : p.kind === 'password' ? 'password' : 'text') as 'text'} value={value} autocomplete="off"
        onInput={(e) => {
          const t = e.currentTarget.value;
          p.onChange(p.path, p.kind === 'number' ? Number(t) : p.kind === 'list' ? t.split(',').map((x) => x.trim()).filter(Boolean) : t);
        }} />
      {p.error && <div class="error">{p.error}</div>}
    </div>
  );
}
