import type { AuthInfo } from '../auth/auth-records.js';
import { Hook, type HookEvent } from '../hooks/hook.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';

/** Request-level record events: run before the write path; `next()` performs the action. */
export interface RecordRequestEvent extends HookEvent {
  collection: Collection;
  auth: AuthInfo | null;
  /** The submitted body (create/update); hooks may change it before `next()`. */
  body: Record<string, unknown>;
  /** The stored record (view/update/delete), then the result (create/update) after `next()`. */
  record?: RecordData;
}

export interface RecordAuthEvent extends HookEvent {
  collection: Collection;
  record: RecordData;
  /** `password`, `otp`, `oauth2`, `refresh`, `impersonate`. */
  method: string;
  token?: string;
}

export interface RealtimeConnectEvent extends HookEvent {
  clientId: string;
  ip: string;
}

export interface RealtimeSubscribeEvent extends HookEvent {
  clientId: string;
  auth: AuthInfo | null;
  subscriptions: string[];
}

export interface MailEvent extends HookEvent {
  message: { to: string; subject: string; html: string; [k: string]: unknown };
}

/** Every request-level chain hook code can bind to (model-level ones live on `app.records.hooks`). */
export function createAppHooks() {
  return {
    onRecordCreateRequest: new Hook<RecordRequestEvent>(),
    onRecordUpdateRequest: new Hook<RecordRequestEvent>(),
    onRecordDeleteRequest: new Hook<RecordRequestEvent>(),
    onRecordViewRequest: new Hook<RecordRequestEvent>(),
    onRecordAuthRequest: new Hook<RecordAuthEvent>(),
    onRealtimeConnectRequest: new Hook<RealtimeConnectEvent>(),
    onRealtimeSubscribeRequest: new Hook<RealtimeSubscribeEvent>(),
    onMailerSend: new Hook<MailEvent>(),
  };
}

export type AppHooks = ReturnType<typeof createAppHooks>;
