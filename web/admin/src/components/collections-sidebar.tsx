import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';

const typeBadge: Record<string, string> = { base: '', auth: 'auth', view: 'view' };

export function CollectionsSidebar(props: { list: CollectionModel[]; current?: string; onNew: () => void }) {
  const [q, setQ] = useState('');
  const match = (c: CollectionModel) => c.name.toLowerCase().includes(q.trim().toLowerCase());
  const user = props.list.filter((c) => !c.system && match(c));
  const system = props.list.filter((c) => c.system && match(c));
  const item = (c: CollectionModel) => (
    <li key={c.id}>
      <a href={`#/collections/${c.name}`} class={c.name === props.current ? 'active' : ''}>
        <span class="grow">{c.name}</span>
        {typeBadge[c.type] && <span class="badge">{typeBadge[c.type]}</span>}
      </a>
    </li>
  );
  return (
    <aside class="aside" aria-label="Collections">
      <div class="head">
        <input type="search" placeholder="Search collections" aria-label="Search collections" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="button" class="btn primary" onClick={props.onNew}>+ New collection</button>
      </div>
      <ul>
        {user.map(item)}
        {!user.length && <li class="muted" style={{ padding: '10px' }}>No collections yet.</li>}
        {system.length > 0 && <li class="group">System</li>}
        {system.map(item)}
      </ul>
    </aside>
  );
}
