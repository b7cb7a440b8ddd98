import { ValidationError } from '../lib/errors.js';
import { nowString } from '../lib/time.js';
import type { Executor, Store } from '../store/store.js';
import { mergeSettings } from './settings-merge.js';
import { defaultSettings, type Settings } from './settings-model.js';
import { validateSettings } from './settings-validate.js';
import { createTables } from '../store/create-tables.js';

/**
 * The app settings: one JSON row (`settings`) in the `_params` table, cached in memory.
 * Reads are served from the cache because every request consults them (rate limits, trusted
 * proxy headers); writes go through `update`, and listeners hear about committed changes.
 */

export const saveErrorMessage = 'An error occurred while saving the new settings.';

const settingsKey = 'settings';

export type SettingsListener = (next: Settings, previous: Settings) => void;

export class SettingsService {
  private current: Settings = freeze(defaultSettings());
  private loaded = false;
  private listeners = new Set<SettingsListener>();

  constructor(private readonly store: Store) {}

  /** Reads the stored settings (creating the defaults on a fresh database) into the cache. */
  async load(): Promise<Settings> {
    await createTables(this.store, `CREATE TABLE IF NOT EXISTS _params (id TEXT PRIMARY KEY NOT NULL, value JSON DEFAULT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL)`);
    const settings = await this.store.transaction(async (tx) => {
      const stored = await readStored(tx);
      if (stored) return stored;
      const defaults = defaultSettings();
      await writeStored(tx, defaults);
      return defaults;
    });
    const previous = this.current;
    const wasLoaded = this.loaded;
    this.current = freeze(settings);
    this.loaded = true;
    // A reload (e.g. another instance saved) is a change like any other.
    if (wasLoaded && JSON.stringify(previous) !== JSON.stringify(settings)) this.notify(this.current, previous);
    return this.current;
  }

  /** The cached settings, deep-frozen: clone before editing. Secrets included; redact before serving. */
  get(): Settings {
    return this.current;
  }

  /**
   * Applies a PATCH body: merge onto the stored settings, validate, save. Throws a 400
   * `BadRequestError` for a body of the wrong shape and a `ValidationError` for bad values.
   */
  async update(patch: unknown): Promise<Settings> {
    return this.store.transaction(async (tx) => {
      // Merge onto the row, not the cache, so concurrent writers never undo each other.
      const previous = (await readStored(tx, true)) ?? this.current;
      const next = mergeSettings(previous, patch);
      const errors = validateSettings(next);
      if (errors) throw new ValidationError(errors, saveErrorMessage);
      await writeStored(tx, next);
      const frozen = freeze(next);
      tx.afterCommit(() => {
        const old = this.current;
        this.current = frozen;
        this.notify(frozen, old);
      });
      return frozen;
    });
  }

  /** Calls `listener` after each committed change; returns a function that unsubscribes. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(next: Settings, previous: Settings): void {
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch {
        // One failing cache must not stop the others from hearing about the change.
      }
    }
  }
}

/** `lock`: hold the row until the transaction ends (Postgres runs writers side by side). */
async function readStored(db: Executor, lock = false): Promise<Settings | undefined> {
  const row = await db.get<{ value: unknown }>('SELECT value FROM _params WHERE id = ?' + (lock ? db.dialect.lockRows() : ''), [settingsKey]);
  if (!row) return undefined;
  // Rows written by older versions may lack newer keys; those take their defaults.
  try {
    const raw = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    return mergeSettings(defaultSettings(), raw ?? {});
  } catch (err) {
    throw new Error('the stored settings (_params.settings) are not valid settings JSON', { cause: err });
  }
}

async function writeStored(db: Executor, s: Settings): Promise<void> {
  const now = nowString();
  await db.run(
    `INSERT INTO _params (id, value, created, updated) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
    [settingsKey, JSON.stringify(s), now, now],
  );
}

function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  }
  return value;
}
