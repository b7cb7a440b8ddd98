import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: enough shared state for a dashboard without a state library. */
export function store<T>(initial: T) {
  let value = initial;
  const subs = new Set<(v: T) => void>();
  return {
    get: () => value,
    set(v: T) {
      value = v;
      for (const s of subs) s(v);
    },
    use(): T {
      const [v, setV] = useState(value);
      useEffect(() => {
        subs.add(setV);
        setV(value);
        return () => void subs.delete(setV);
      }, []);
      return v;
    },
  };
}
