import { store } from './store';

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

export const toasts = store<Toast[]>([]);
let next = 1;
// Long enough to read a two-line error, short enough not to pile up.
const toastMs = 4000;

export function toast(text: string, kind: Toast['kind'] = 'ok') {
  const t = { id: next++, text, kind };
  toasts.set([...toasts.get(), t]);
  setTimeout(() => toasts.set(toasts.get().filter((x) => x.id !== t.id)), toastMs);
}
