import type { CollectionModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { loadCollections } from '../lib/collections';
import { errorText, fieldErrors, pb } from '../lib/pb';
import { schemaChanges } from '../lib/schema-diff';
import { toast } from '../lib/toast';
import { CollectionOptionsTab } from './collection-options-tab';
import { confirmDialog } from './confirm-dialog';
import { Drawer } from './drawer';
import { AuthOptions } from './auth-options';
import { FieldsEditor } from './fields-editor';
import { MailTemplatesTab } from './mail-templates-tab';
import { RulesTab } from './rules-tab';

type Tab = 'fields' | 'rules' | 'auth' | 'mail' | 'options';

/** Create or edit a collection: name and type, fields, API rules, indexes and type options. */
export function CollectionPanel(props: { original: CollectionModel | null; onClose: () => void; onSaved: (c: CollectionModel | null) => void }) {
  const { original } = props;
  const [draft, setDraft] = useState<CollectionModel | null>(original ? structuredClone(original) : null);
  const [tab, setTab] = useState<Tab>('fields');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!original) void startNew('base');
  }, []);

  async function startNew(type: string) {
    const scaffolds = await pb.collections.getScaffolds();
    const base = structuredClone(scaffolds[type]) as CollectionModel;
    base.name = draft?.name ?? '';
    delete (base as any).id;
    if (type !== 'view' && !base.fields.some((f) => f.type === 'autodate')) {
      base.fields.push({ name: 'created', type: 'autodate', onCreate: true, onUpdate: false, system: false, hidden: false, presentable: false } as any);
      base.fields.push({ name: 'updated', type: 'autodate', onCreate: true, onUpdate: true, system: false, hidden: false, presentable: false } as any);
    }
    setDraft(base);
  }

  if (!draft) return null;
  const patch = (p: Partial<CollectionModel>) => setDraft({ ...draft, ...p } as CollectionModel);

  async function save(e: Event) {
    e.preventDefault();
    const { lines, destructive } = schemaChanges(original, draft!);
    if (destructive) {
      const ok = await confirmDialog({
        title: `Apply changes to "${original!.name}"?`,
        body: <ul>{lines.map((l) => <li key={l}>{l}</li>)}</ul>,
        confirmText: 'Apply changes',
        danger: true,
      });
      if (!ok) return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = original ? await pb.collections.update(original.id, draft!) : await pb.collections.create(draft!);
      await loadCollections();
      toast(original ? `Saved "${saved.name}".` : `Created "${saved.name}".`);
      props.onSaved(saved);
    } catch (err) {
      setErrors(fieldErrors(err));
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    const count = await pb.collection(original!.name).getList(1, 1).then((r) => r.totalItems, () => 0);
    const ok = await confirmDialog({
      title: `Delete collection "${original!.name}"?`,
      body: <p>This drops the table with its {count} record{count === 1 ? '' : 's'} and their files, and removes <code>/api/collections/{original!.name}</code>. It cannot be undone.</p>,
      confirmText: 'Delete collection',
      danger: true,
      typeToConfirm: original!.name,
    });
    if (!ok) return;
    try {
      await pb.collections.delete(original!.id);
      await loadCollections();
      toast(`Deleted "${original!.name}".`);
      props.onSaved(null);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  }

  const tabOf = (key: string): Tab => {
    if (key.startsWith('fields') || key === 'viewQuery') return 'fields';
    if (key.endsWith('Rule')) return 'rules';
    if (key.startsWith('indexes')) return 'options';
    return /Template|emailTemplate/.test(key) ? 'mail' : 'auth';
  };
  const tabs: Tab[] = draft.type === 'auth' ? ['fields', 'rules', 'auth', 'mail', 'options'] : ['fields', 'rules', 'options'];
  const tabLabel: Record<Tab, string> = {
    fields: draft.type === 'view' ? 'Query & fields' : 'Fields', rules: 'API rules', auth: 'Auth options', mail: 'Mail templates',
    options: draft.type === 'view' ? 'Options' : 'Indexes',
  };
  const errorCount = (t: Tab) => Object.keys(errors).filter((k) => k !== 'name' && tabOf(k) === t).length;
  const footer = (
    <>
      {original && !original.system && <button type="button" class="btn danger" onClick={remove}>Delete</button>}
      <span class="grow" />
      <button type="button" class="btn" onClick={props.onClose}>Cancel</button>
      <button form="collection-form" class="btn primary" disabled={busy}>{original ? 'Save changes' : 'Create'}</button>
    </>
  );
  return (
    <Drawer title={original ? `Edit collection` : 'New collection'} label="Collection editor" onClose={props.onClose} footer={footer}>
      <form id="collection-form" class="stack" onSubmit={save}>
        <div class="row">
          <div class="grow">
            <label for="collection-name">Name</label>
            <input id="collection-name" required autofocus={!original} placeholder='e.g. "posts"' value={draft.name} disabled={original?.system}
              onInput={(e) => patch({ name: e.currentTarget.value.replace(/\s/g, '_') })} />
            {errors.name && <div class="error">{errors.name}</div>}
          </div>
          <div style={{ width: '140px' }}>
            <label for="collection-type">Type</label>
            <select id="collection-type" value={draft.type} disabled={!!original} onChange={(e) => startNew(e.currentTarget.value)}>
              <option value="base">Base</option>
              <option value="auth">Auth</option>
              <option value="view">View</option>
            </select>
          </div>
        </div>
        <div class="tabs" role="tablist">
          {tabs.map((t) => (
            <button type="button" role="tab" aria-selected={tab === t} class={tab === t ? 'active' : ''} onClick={() => setTab(t)} key={t}>
              {tabLabel[t]}
              {errorCount(t) > 0 && ' ⚠'}
            </button>
          ))}
        </div>
        {tab === 'fields' && <FieldsEditor draft={draft} errors={errors} onChange={patch} />}
        {tab === 'rules' && <RulesTab draft={draft} errors={errors} onChange={patch} />}
        {tab === 'auth' && <AuthOptions draft={draft} errors={errors} onChange={patch} />}
        {tab === 'mail' && <MailTemplatesTab draft={draft} errors={errors} onChange={patch} />}
        {tab === 'options' && <CollectionOptionsTab draft={draft} errors={errors} onChange={patch} />}
      </form>
    </Drawer>
  );
}
