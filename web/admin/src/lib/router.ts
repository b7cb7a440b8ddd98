import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/collections/posts`) as path segments; the server only ever serves index.html. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export const navigate = (path: string) => {
  location.hash = '#' + path;
};
