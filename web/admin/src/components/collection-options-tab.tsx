import type { CollectionModel } from 'pocketbase';
import { AuthOptions } from './auth-options';
import { IndexesEditor } from './indexes-editor';

export function CollectionOptionsTab(props: { draft: CollectionModel; errors: Record<string, string>; onChange: (p: Partial<CollectionModel>) => void }) {
  const { draft, errors } = props;
  const authErrors = Object.entries(errors).filter(([k]) => !k.startsWith('indexes') && !k.startsWith('fields') && !k.endsWith('Rule') && k !== 'name' && k !== 'viewQuery');
  return (
    <div class="stack">
      {draft.type !== 'view' && (
        <>
          <h3>Indexes</h3>
          <IndexesEditor draft={draft} errors={errors} onChange={(indexes) => props.onChange({ indexes })} />
        </>
      )}
      {draft.type === 'auth' && (
        <>
          <h3>Authentication</h3>
          <AuthOptions draft={draft} onChange={props.onChange} />
        </>
      )}
      {authErrors.length > 0 && <div class="error">{authErrors.map(([k, m]) => `${k}: ${m}`).join('\n')}</div>}
      {draft.type === 'view' && <div class="muted">View collections are read-only and have no indexes.</div>}
    </div>
  );
}
