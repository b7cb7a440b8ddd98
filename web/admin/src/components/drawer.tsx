import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Opener {
  el: HTMLElement | null;
  id?: string;
}
let outside: Opener | null = null;

const openerOf = (el: HTMLElement | null): Opener => ({ el, id: el?.closest<HTMLElement>('[data-id]')?.dataset.id });
const find = ({ el, id }: Opener): HTMLElement | null =>
  el?.isConnected ? el : id ? document.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`) : null;

/** A right-hand panel over the page; Escape or a click outside closes it. */
export function Drawer(props: { title: ComponentChildren; onClose: () => void; footer?: ComponentChildren; children: ComponentChildren; label?: string }) {
  const ref = useRef<HTMLElement>(null);
  // The opener is read during the first render: by the time an effect runs, a field of the
  // panel may have taken focus already. A panel re-mounted by its parent finds focus inside the
  // old panel, so the last opener outside any panel is kept too; a table row re-rendered
  // meanwhile is found again by its id.
  const opener = useRef<Opener | null>(null);
  if (!opener.current) {
    opener.current = openerOf(document.activeElement as HTMLElement | null);
    if (opener.current.el && !opener.current.el.closest('.overlay')) outside = opener.current;
  }
  // Keyboard users land inside the panel, and back where they were when it closes.
  useEffect(() => {
    if (ref.current && !ref.current.contains(document.activeElement)) ref.current.querySelector<HTMLElement>('.body input:not([disabled]), .body select, .body textarea, header button')?.focus();
    return () => void (find(opener.current!) ?? (outside && find(outside)))?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !document.querySelector('.overlay.modal') && props.onClose();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [props.onClose]);
  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <section ref={ref} class="drawer" role="dialog" aria-modal="true" aria-label={props.label}>
        <header>
          <h2 class="grow">{props.title}</h2>
          <button type="button" class="btn ghost" aria-label="Close" onClick={props.onClose}>✕</button>
        </header>
        <div class="body">{props.children}</div>
        {props.footer && <footer>{props.footer}</footer>}
      </section>
    </div>
  );
}
