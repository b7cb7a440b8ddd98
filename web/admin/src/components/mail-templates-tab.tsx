import type { CollectionModel } from 'pocketbase';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getTemplate, mailTemplates, renderPreview, resolve, sampleValues, templatePatch, type MailTemplateKey } from '../lib/mail-preview';
import { pb } from '../lib/pb';

/**
 * The auth emails of one collection: pick a template, edit subject and HTML body, and see it
 * rendered with sample values for every placeholder as you type. Saved with the collection.
 */
export function MailTemplatesTab({ draft, errors, onChange }: { draft: CollectionModel; errors: Record<string, string>; onChange: (p: Partial<CollectionModel>) => void }) {
  const [key, setKey] = useState<MailTemplateKey>('verificationTemplate');
  const [app, setApp] = useState({ appName: 'Acme', appURL: 'https://example.com' });
  const preview = useRef<HTMLDivElement>(null);
  const spec = mailTemplates.find((t) => t.key === key)!;
  const t = getTemplate(draft, key);
  const values = sampleValues(draft, app);

  useEffect(() => {
    pb.settings.getAll().then((s) => setApp({ appName: s.meta?.appName || 'Acme', appURL: s.meta?.appURL || 'https://example.com' }), () => {});
  }, []);
  useEffect(() => {
    if (preview.current) renderPreview(resolve(t.body, values), preview.current);
  });

  const set = (p: Partial<typeof t>) => onChange(templatePatch(draft, key, { ...t, ...p }));
  const insert = (placeholder: string) => {
    const el = document.getElementById('mail-body') as HTMLTextAreaElement | null;
    const at = el?.selectionStart ?? t.body.length;
    set({ body: t.body.slice(0, at) + placeholder + t.body.slice(el?.selectionEnd ?? at) });
  };
  const err = (sub: string) => errors[`${key}.${sub}`];
  const placeholders = ['{APP_NAME}', '{APP_URL}', ...spec.extra, ...Object.keys(values).filter((k) => k.startsWith('{RECORD:'))];
  return (
    <div class="stack">
      <div class="tabs sub" role="tablist" aria-label="Email templates">
        {mailTemplates.map((m) => (
          <button type="button" role="tab" key={m.key} aria-selected={m.key === key} class={m.key === key ? 'active' : ''} onClick={() => setKey(m.key)}>
            {m.label}{Object.keys(errors).some((e) => e.startsWith(m.key + '.')) && ' ⚠'}
          </button>
        ))}
      </div>
      <div class="mail-editor">
        <div class="stack">
          <div>
            <label for="mail-subject">Subject</label>
            <input id="mail-subject" value={t.subject} onInput={(e) => set({ subject: e.currentTarget.value })} />
            {err('subject') && <div class="error">{err('subject')}</div>}
          </div>
          <div>
            <label for="mail-body">Body (HTML)</label>
            <textarea id="mail-body" class="mono" rows={14} spellcheck={false} value={t.body} onInput={(e) => set({ body: e.currentTarget.value })} />
            {err('body') && <div class="error">{err('body')}</div>}
          </div>
          <div class="row wrap" aria-label="Placeholders">
            <span class="muted small">Insert:</span>
            {placeholders.map((p) => (
              <button type="button" key={p} class="chip toggle mono" title={`Insert ${p} at the cursor`} onClick={() => insert(p)}>{p}</button>
            ))}
          </div>
        </div>
        <section class="mail-preview" aria-label="Email preview">
          <div class="mail-head"><span class="muted">Subject:</span> <strong data-testid="preview-subject">{resolve(t.subject, values)}</strong></div>
          <div class="mail-body" ref={preview} data-testid="preview-body" />
        </section>
      </div>
    </div>
  );
}
