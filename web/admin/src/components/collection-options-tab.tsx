import type { CollectionModel } from 'pocketbase';
import { IndexesEditor } from './indexes-editor';

/** Indexes (auth options and mail templates have their own tabs). */
export function CollectionOptionsTab(props: { draft: CollectionModel; errors: Record<string, string>; onChange: (p: Partial<CollectionModel>) => void }) {
  const { draft, errors } = props;
  if (draft.type === 'view') return <div class="muted">View collections are read-only and have no indexes.</div>;
  return (
    <div class="stack">
      <h3>Indexes</h3>
      <IndexesEditor draft={draft} errors={errors} onChange={(indexes) => props.onChange({ indexes })} />
    </div>
  );
}
