import { Hook, type HookEvent } from '../hooks/hook.js';
import type { Executor } from '../store/store.js';
import type { Collection } from './model.js';
import type { RecordData } from './record.js';

/** Model-level record event: runs inside the write's transaction; `next()` performs the write. */
export interface RecordEvent extends HookEvent {
  collection: Collection;
  record: RecordData;
  /** The stored values before an update/delete. */
  original?: RecordData;
  tx: Executor;
}

/** After-commit event: the write is durable; failures here never undo it. */
export interface RecordAfterEvent extends HookEvent {
  collection: Collection;
  record: RecordData;
}

export interface RecordHooks {
  onRecordCreate: Hook<RecordEvent>;
  onRecordUpdate: Hook<RecordEvent>;
  onRecordDelete: Hook<RecordEvent>;
  onRecordAfterCreateSuccess: Hook<RecordAfterEvent>;
  onRecordAfterUpdateSuccess: Hook<RecordAfterEvent>;
  onRecordAfterDeleteSuccess: Hook<RecordAfterEvent>;
}

export function createRecordHooks(): RecordHooks {
  return {
    onRecordCreate: new Hook(),
    onRecordUpdate: new Hook(),
    onRecordDelete: new Hook(),
    onRecordAfterCreateSuccess: new Hook(),
    onRecordAfterUpdateSuccess: new Hook(),
    onRecordAfterDeleteSuccess: new Hook(),
  };
}

/** What the bus carries for realtime and other listeners; includes hidden fields (listeners filter). */
export interface RecordChange {
  action: 'create' | 'update' | 'delete';
  collectionId: string;
  record: RecordData;
}

export const tagsOf = (c: Collection) => [c.id, c.name];
