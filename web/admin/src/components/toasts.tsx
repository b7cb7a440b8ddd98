import { toasts } from '../lib/toast';

export function Toasts() {
  const list = toasts.use();
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast ${t.kind}`}>{t.text}</div>
      ))}
    </div>
  );
}
