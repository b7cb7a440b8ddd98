import type { CollectionModel } from 'pocketbase';
import { useEffect, useRef, useState } from 'preact/hooks';
import { collections } from '../lib/collections';
import { pb } from '../lib/pb';
import { completions, wordAt } from '../lib/rule-completions';

// Check after a short pause in typing, not on every key.
const checkDelayMs = 300;

interface Check {
  ok: boolean;
  message: string;
  position: number;
}

/**
 * One API rule: locked (null, superusers only) or an expression. The server compiles the
 * expression against the unsaved draft while you type; field names complete with Tab/Enter.
 */
export function RuleInput(props: { id: string; label: string; value: string | null; draft: CollectionModel; serverError?: string; onChange: (v: string | null) => void }) {
  const { value, draft } = props;
  const all = collections.use();
  const [check, setCheck] = useState<Check | null>(null);
  const [suggest, setSuggest] = useState<{ items: string[]; start: number; active: number } | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!value) return setCheck(null);
    const t = setTimeout(() => {
      pb.send<Check>('/api/collections/meta/rule-check', { method: 'POST', body: { rule: value, collection: draft } })
        .then(setCheck, () => setCheck(null));
    }, checkDelayMs);
    return () => clearTimeout(t);
  }, [value, draft.fields, draft.name]);

  const locked = value === null;
  const onInput = (e: Event) => {
    const el = e.currentTarget as HTMLTextAreaElement;
    props.onChange(el.value);
    const { word, start } = wordAt(el.value, el.selectionStart);
    const items = completions(word, draft, all);
    setSuggest(items.length ? { items, start, active: 0 } : null);
  };
  const accept = (item: string) => {
    const el = ref.current!;
    const caret = el.selectionStart;
    const start = suggest!.start;
    const next = (value ?? '').slice(0, start) + item + (value ?? '').slice(caret);
    props.onChange(next);
    setSuggest(null);
    requestAnimationFrame(() => {
      el.focus();
      el.selectionStart = el.selectionEnd = start + item.length;
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!suggest) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = suggest.items.length;
      setSuggest({ ...suggest, active: (suggest.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n });
    } else if (e.key === 'Tab' || e.key === 'Enter') {
      e.preventDefault();
      accept(suggest.items[suggest.active]);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setSuggest(null);
    }
  };

  const error = check && !check.ok ? check.message : props.serverError;
  return (
    <div class={`rule ${locked ? 'locked' : ''} ${error ? 'invalid' : ''}`}>
      <div class="row">
        <label for={props.id} class="grow" style={{ margin: 0 }}>{props.label}</label>
        <button type="button" class="btn small" onClick={() => props.onChange(locked ? '' : null)}>
          {locked ? 'Unlock' : 'Set superusers only'}
        </button>
      </div>
      <div style={{ position: 'relative', marginTop: '4px' }}>
        <textarea
          id={props.id}
          ref={ref}
          rows={1}
          spellcheck={false}
          disabled={locked}
          placeholder={locked ? 'Only superusers can perform this action.' : 'Leave empty to allow everyone, e.g. @request.auth.id != ""'}
          value={value ?? ''}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setSuggest(null), 150)}
          aria-invalid={!!error}
          aria-describedby={`${props.id}-status`}
        />
        {suggest && (
          <div class="popover suggest" role="listbox">
            {suggest.items.map((s, i) => (
              <button type="button" role="option" aria-selected={i === suggest.active} class={i === suggest.active ? 'active' : ''} key={s}
                onMouseDown={(e) => (e.preventDefault(), accept(s))}>{s}</button>
            ))}
          </div>
        )}
      </div>
      <div id={`${props.id}-status`}>
        {error && check && check.position >= 0 && <div class="marker">{(value ?? '').slice(0, check.position).replace(/[^\n]/g, ' ')}^</div>}
        {error && <div class="error">{error}{check && check.position >= 0 ? ` (at position ${check.position})` : ''}</div>}
        {!error && !locked && value === '' && <div class="muted" style={{ fontSize: '12px' }}>Everyone, guests included, can perform this action.</div>}
        {!error && value && check?.ok && <div style={{ fontSize: '12px', color: 'var(--ok)' }}>✓ Valid rule</div>}
      </div>
    </div>
  );
}
