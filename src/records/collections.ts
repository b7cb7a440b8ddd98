import type { Bus } from '../bus/bus.js';
import { topics } from '../bus/bus.js';
import { ApiError, BadRequestError, NotFoundError, ValidationError, fieldError, isFieldError, type ErrorData } from '../lib/errors.js';
import type { Executor, Store } from '../store/store.js';
import { normalizeCollection } from './collection-normalize.js';
import { validateCollection } from './collection-validate.js';
import { deleteCollectionRow, ensureCollectionsTable, loadCollections, saveCollectionRow } from './collections-table.js';
import type { Collection, Field } from './model.js';
import { viewFields } from './view-fields.js';
import { createTable, dropTable, IndexCreateError, schemaNames, updateTable } from './schema-sync.js';

export type RuleChecker = (rule: string, c: Collection) => string | undefined;

/**
 * The collections registry: definitions cached in memory (bounded by the number of collections),
 * persisted in `_collections`, reloaded whenever any process announces a change on the bus.
 */
export class Collections {
  private byId = new Map<string, Collection>();
  private byName = new Map<string, Collection>();
  /** Bumped on every change; caches derived from collections (compiled rules) key on it. */
  version = 0;
  private loadsStarted = 0;
  private loadApplied = 0;
  checkRule: RuleChecker = () => undefined;

  constructor(private store: Store, private bus: Bus) {
    bus.subscribe(topics.collections, () => this.reload());
  }

  async init(): Promise<void> {
    await this.store.transaction((tx) => ensureCollectionsTable(tx));
    await this.reload();
  }

  async reload(db: Executor = this.store): Promise<void> {
    // Loads overlap when reads take time (Postgres): one started earlier must not undo a later one.
    const load = ++this.loadsStarted;
    const all = await loadCollections(db);
    if (load < this.loadApplied) return;
    this.loadApplied = load;
    this.byId = new Map(all.map((c) => [c.id, c]));
    this.byName = new Map(all.map((c) => [c.name.toLowerCase(), c]));
    this.version++;
  }

  /** By id (exact) or name (case-insensitive), as PocketBase resolves `{collection}` in URLs. */
  find(idOrName: string): Collection | undefined {
    return this.byId.get(idOrName) ?? this.byName.get(idOrName.toLowerCase());
  }

  get(idOrName: string): Collection {
    const c = this.find(idOrName);
    if (!c) throw new NotFoundError();
    return c;
  }

  all(): Collection[] {
    return [...this.byId.values()];
  }

  async create(input: unknown, db?: Executor): Promise<Collection> {
    return this.write(db, async (tx) => {
      const c = normalizeCollection(input);
      if (c.type === 'view') c.fields = await viewFields(tx, c.viewQuery ?? '', this).catch(() => []);
      await this.validate(tx, c, undefined, 'Failed to create collection.');
      await indexErrors('Failed to create collection.', () => createTable(tx, c, this.all()));
      await saveCollectionRow(tx, c);
      return c;
    });
  }

  async update(idOrName: string, patch: unknown, db?: Executor): Promise<Collection> {
    return this.write(db, async (tx) => {
      const existing = this.get(idOrName);
      const c = normalizeCollection(patch, existing);
      if (c.type === 'view') c.fields = await viewFields(tx, c.viewQuery ?? '', this, existing.fields).catch(() => []);
      await this.validate(tx, c, existing, 'Failed to update collection.');
      await indexErrors('Failed to update collection.', () => updateTable(tx, existing, c, this.all()));
      await saveCollectionRow(tx, c);
      return c;
    });
  }

  async delete(idOrName: string, db?: Executor): Promise<void> {
    await this.write(db, async (tx) => {
      const c = this.get(idOrName);
      if (c.system) throw new BadRequestError('Failed to delete collection.');
      const relations = this.all().filter((o) => o.id !== c.id && o.fields.some((f) => f.type === 'relation' && f.collectionId === c.id));
      if (relations.length) {
        throw new BadRequestError(`Failed to delete collection probably due to existing reference in ${relations.map((r) => r.name).join(', ')}.`);
      }
      // a view reading this table would break; PocketBase refuses without naming it
      if (this.all().some((o) => o.id !== c.id && readsFrom(o, c))) throw new BadRequestError('Failed to delete collection.');
      await dropTable(tx, c);
      await deleteCollectionRow(tx, c.id);
    });
  }

  /**
   * Creates/updates many collections in one transaction. Without `deleteMissing`, fields of an
   * existing collection absent from the payload are kept (appended); with it, they and the
   * collections absent from the payload are deleted.
   */
  async import(items: unknown[], deleteMissing: boolean): Promise<void> {
    await this.write(undefined, async (tx) => {
      const seen = new Set<string>();
      for (const item of items) {
        const body = { ...((item ?? {}) as Record<string, unknown>) };
        const existing = (typeof body.id === 'string' && this.byId.get(body.id)) || (typeof body.name === 'string' && this.find(body.name)) || undefined;
        if (existing && !deleteMissing && Array.isArray(body.fields)) body.fields = [...body.fields, ...missingFields(existing, body.fields)];
        let c: Collection;
        try {
          c = existing ? await this.update(existing.id, body, tx) : await this.create(body, tx);
        } catch (err) {
          throw err instanceof ValidationError ? new ImportValidationError(existing ?? normalizeCollection(body), err) : err;
        }
        seen.add(c.id);
        await this.reload(tx);
      }
      if (deleteMissing) {
        for (const c of this.all().filter((c) => !seen.has(c.id) && !c.system)) {
          await dropTable(tx, c);
          await deleteCollectionRow(tx, c.id);
        }
      }
    });
  }

  /** Fields a view query would produce, and up to 10 of its rows, without saving anything. */
  async dryRunView(query: string): Promise<{ fields: Field[]; sample: Record<string, unknown>[] }> {
    const probe = normalizeCollection({ name: 'dry_run_view', type: 'view', viewQuery: query });
    const errors = await validateCollection(probe, {
      db: this.store, all: [], checkRule: () => undefined, findCollection: (k) => this.find(k),
    });
    if (errors?.viewQuery) throw new ValidationError({ query: errors.viewQuery }, 'Failed to dry-run the view query.');
    const fields = await viewFields(this.store, probe.viewQuery!, this);
    const select = this.store.dialect.viewSql(probe.viewQuery!, schemaNames(this.all()));
    const sample = await this.store.query(`SELECT * FROM (${select}) AS _sample LIMIT 10`);
    return { fields, sample };
  }

  private async validate(db: Executor, c: Collection, existing: Collection | undefined, message: string) {
    const errors = await validateCollection(c, {
      db, existing, all: this.all(), checkRule: this.checkRule,
      // the stored versions: PocketBase refuses a relation to a collection not saved yet
      findCollection: (key) => this.find(key),
    });
    if (errors) throw new ValidationError(errors, message);
  }

  /** Runs a schema change in a transaction, then refreshes this process and tells the others. */
  private async write<T>(db: Executor | undefined, fn: (tx: Executor) => Promise<T>): Promise<T> {
    if (db) return fn(db);
    try {
      const result = await this.store.transaction(async (tx) => {
        const r = await fn(tx);
        await this.reload(tx);
        return r;
      });
      await this.bus.publish(topics.collections, { version: this.version });
      return result;
    } catch (err) {
      await this.reload();
      throw err;
    }
  }
}

/** A refused index becomes PocketBase's per-index validation error. */
async function indexErrors(message: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof IndexCreateError)) throw err;
    throw new ValidationError({ indexes: { [String(err.index)]: fieldError('validation_invalid_index_expression', err.message) } }, message);
  }
}

function readsFrom(o: Collection, target: Collection): boolean {
  return o.type === 'view' && new RegExp(`\\b${target.name}\\b`, 'i').test(o.viewQuery ?? '');
}

function missingFields(existing: Collection, submitted: unknown[]): Field[] {
  const ids = new Set(submitted.map((f) => (f as Field)?.id).filter(Boolean));
  const names = new Set(submitted.map((f) => (f as Field)?.name).filter(Boolean));
  return existing.fields.filter((f) => !ids.has(f.id) && !names.has(f.name));
}

/** Validation failure of one imported collection, worded as PocketBase reports it. */
class ImportValidationError extends Error {
  constructor(readonly collection: Collection, readonly cause: ValidationError) {
    super(`Data validations failed for collection "${collection.name}" (${collection.id}):\n${JSON.stringify(messagesOf(cause.data), null, 2)}.`);
  }
}

function messagesOf(data: ErrorData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = isFieldError(v) ? v.message : messagesOf(v);
  return out;
}

export const importFailure = (err: unknown) =>
  new BadRequestError('Failed to import collections.', {
    collections: fieldError(
      'validation_collections_import_failure',
      err instanceof ImportValidationError ? err.message : 'Failed to import the collections configuration. Raw error:\n' + (err instanceof ApiError ? err.message : (err as Error).message),
    ),
  });
