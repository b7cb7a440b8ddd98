import type { CollectionModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { collections, loadCollections } from '../lib/collections';
import { errorText } from '../lib/pb';
import { navigate } from '../lib/router';
import { toast } from '../lib/toast';
import { CollectionPanel } from './collection-panel';
import { CollectionsSidebar } from './collections-sidebar';
import { RecordsPage } from './records-page';

/** Collections list on the left, the chosen collection's records on the right. */
export function CollectionsPage({ name }: { name?: string }) {
  const list = collections.use();
  const [editing, setEditing] = useState<CollectionModel | 'new' | null>(null);

  useEffect(() => {
    loadCollections().catch((e) => toast(errorText(e), 'error'));
  }, []);
  useEffect(() => {
    if (!name && list.length) navigate(`/collections/${(list.find((c) => !c.system) ?? list[0]).name}`);
  }, [name, list]);

  const current = list.find((c) => c.name === name || c.id === name);
  return (
    <>
      <CollectionsSidebar list={list} current={current?.name} onNew={() => setEditing('new')} />
      <main class="main">
        {current ? (
          <RecordsPage key={current.id} collection={current} onEdit={() => setEditing(current)} />
        ) : (
          <div class="empty">{list.length ? 'Collection not found.' : 'Loading…'}</div>
        )}
      </main>
      {editing && (
        <CollectionPanel
          original={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            navigate(c ? `/collections/${c.name}` : '/collections');
          }}
        />
      )}
    </>
  );
}
