import type { CollectionModel } from 'pocketbase';
import { RuleInput } from './rule-input';

const baseRules = [
  ['listRule', 'List/Search rule'],
  ['viewRule', 'View rule'],
  ['createRule', 'Create rule'],
  ['updateRule', 'Update rule'],
  ['deleteRule', 'Delete rule'],
] as const;
const authRules = [
  ['authRule', 'Authentication rule'],
  ['manageRule', 'Manage rule'],
] as const;

/** The five API rules (seven for auth collections; two for views). */
export function RulesTab(props: { draft: CollectionModel; errors: Record<string, string>; onChange: (p: Partial<CollectionModel>) => void }) {
  const { draft } = props;
  const rules = draft.type === 'view' ? baseRules.slice(0, 2) : draft.type === 'auth' ? [...baseRules, ...authRules] : baseRules;
  return (
    <div class="stack">
      <p class="muted" style={{ margin: 0 }}>
        Rules are filters on the record: <code>author = @request.auth.id</code>, <code>status = "published"</code>. Locked rules allow superusers only; empty rules allow everyone.
      </p>
      {rules.map(([key, label]) => (
        <RuleInput
          key={key}
          id={`rule-${key}`}
          label={label}
          value={(draft as any)[key] ?? null}
          draft={draft}
          serverError={props.errors[key]}
          onChange={(v) => props.onChange({ [key]: v } as Partial<CollectionModel>)}
        />
      ))}
    </div>
  );
}
