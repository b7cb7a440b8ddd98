/** Builders shared by the field type tests (not used by production code). */

import { sqliteDialect } from '../../store/sqlite/sqlite-dialect.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { ErrorData } from '../../lib/errors.js';
import type { Executor } from '../../store/store.js';
import type { Collection, Field, FieldTypeName } from '../model.js';
import type { OptionsContext, ValueContext } from './field-type.js';
import { getFieldType } from './registry.js';

export function makeField(type: FieldTypeName, options: Record<string, unknown> = {}, name = 'f'): Field {
  return { id: `${type}_${name}`, name, type, system: false, hidden: false, presentable: false, ...options };
}

export function makeCollection(partial: Partial<Collection> = {}): Collection {
  return {
    id: 'pbc_test', name: 'test', type: 'base', system: false, fields: [], indexes: [],
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    created: '', updated: '', ...partial,
  };
}

export function lookup(collections: Collection[]) {
  return (idOrName: string) => collections.find((c) => c.id === idOrName || c.name === idOrName);
}

export function optionsContext(collection = makeCollection(), stored: Collection[] = []): OptionsContext {
  return { collection, findCollection: lookup(stored) };
}

/** Runs a type's normalizeOptions on a fresh field built from `options`. */
export function normalize(type: FieldTypeName, options: Record<string, unknown> = {}, ctx = optionsContext()) {
  const field = makeField(type, options);
  const errors: ErrorData | undefined = getFieldType(type).normalizeOptions(field, ctx);
  return { field, errors };
}

/** A value context over a throwaway in-memory SQLite database. */
export function valueContext(store: SqliteStore, collection = makeCollection(), stored: Collection[] = [], isNew = true): ValueContext {
  return { collection, db: store, isNew, findCollection: lookup(stored) };
}

export const memoryStore = () => new SqliteStore(':memory:');

/** A value context for validators that must not need the database. */
export function plainContext(collection = makeCollection()): ValueContext {
  const refuse = () => Promise.reject(new Error('unexpected database access'));
  // Every Executor method but `dialect` refuses, however the interface grows.
  const db = new Proxy({ dialect: sqliteDialect } as Executor, {
    get: (target, key) => (key === 'dialect' ? target.dialect : refuse),
  });
  return { collection, db, isNew: true, findCollection: lookup([]) };
}
