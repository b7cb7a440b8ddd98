import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { store } from '../lib/store';

interface Ask {
  title: string;
  body: ComponentChildren;
  confirmText: string;
  danger?: boolean;
  /** When set, the user must type this exact text first (deleting a collection). */
  typeToConfirm?: string;
  resolve(ok: boolean): void;
}

const current = store<Ask | null>(null);

/** Resolves true when the user confirms; one question at a time. */
export function confirmDialog(ask: Omit<Ask, 'resolve'>): Promise<boolean> {
  return new Promise((resolve) => current.set({ ...ask, resolve }));
}

export function ConfirmHost() {
  const ask = current.use();
  const [typed, setTyped] = useState('');
  if (!ask) return null;
  const close = (ok: boolean) => {
    current.set(null);
    setTyped('');
    ask.resolve(ok);
  };
  const blocked = ask.typeToConfirm !== undefined && typed !== ask.typeToConfirm;
  return (
    <div class="overlay modal" role="alertdialog" aria-label={ask.title} onKeyDown={(e) => e.key === 'Escape' && close(false)}>
      <form class="dialog stack" aria-label={ask.title} onSubmit={(e) => (e.preventDefault(), !blocked && close(true))}>
        <h2>{ask.title}</h2>
        <div>{ask.body}</div>
        {ask.typeToConfirm !== undefined && (
          <div>
            <label for="confirm-type">Type <code>{ask.typeToConfirm}</code> to confirm</label>
            <input id="confirm-type" autofocus value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          </div>
        )}
        <div class="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" class="btn" onClick={() => close(false)}>Cancel</button>
          <button class={ask.danger ? 'btn danger solid' : 'btn primary'} disabled={blocked} autofocus={ask.typeToConfirm === undefined}>
            {ask.confirmText}
          </button>
        </div>
      </form>
    </div>
  );
}
