import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A right-hand panel over the page; Escape or a click outside closes it. */
export function Drawer(props: { title: ComponentChildren; onClose: () => void; footer?: ComponentChildren; children: ComponentChildren; label?: string }) {
  const ref = useRef<HTMLElement>(null);
  // Keyboard users land inside the panel, and back where they were when it closes.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    if (ref.current && !ref.current.contains(document.activeElement)) ref.current.querySelector<HTMLElement>('.body input:not([disabled]), .body select, .body textarea, header button')?.focus();
    return () => before?.isConnected && before.focus();
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
