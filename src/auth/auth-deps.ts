import type { RateLimiter } from '../lib/rate-limiter.js';
import type { Mailer } from '../mail/mailer.js';
import type { Collection } from '../records/model.js';
import type { Records } from '../records/records.js';
import type { Store } from '../store/store.js';

/** What the auth services use of the app; the app passes its own, tests may pass fakes. */
export interface AuthDeps {
  store: Store;
  collections: { find(idOrName: string): Collection | undefined; all(): Collection[] };
  records: Records;
  settings: () => { meta: { appName: string; appURL: string; senderName: string; senderAddress: string } };
  mailer: Mailer;
  limiter: RateLimiter;
  /** Where the hourly cleanup of expired OTPs and MFA sessions is scheduled (absent: not scheduled). */
  cron?: { add(id: string, expression: string, run: () => Promise<void>): void };
}

/** Work that finishes after the response (an email): the caller decides how failures are logged. */
export type Background = Promise<void> | undefined;

export function systemCollection(d: AuthDeps, name: string): Collection {
  const c = d.collections.find(name);
  if (!c) throw new Error(`the system collection ${name} is missing`);
  return c;
}
