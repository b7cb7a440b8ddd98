import type { ErrorData, FieldError } from '../../lib/errors.js';
import type { UploadedFile } from '../../files/upload.js';
import type { ColumnKind } from '../../store/dialect.js';
import type { Executor } from '../../store/store.js';
import type { Collection, Field, FieldTypeName } from '../model.js';

/** What a field definition may consult while its options are validated (collection save). */
export interface OptionsContext {
  collection: Collection;
  /** Looks up another collection by id or name (for relation targets). */
  findCollection(idOrName: string): Collection | undefined;
}

/** What a value validator may consult (record save). */
export interface ValueContext {
  collection: Collection;
  /** Executor of the write transaction (relation existence checks). */
  db: Executor;
  isNew: boolean;
  /** Resolves a relation target collection by id. */
  findCollection(idOrName: string): Collection | undefined;
  /** The record before this save (updates): file names it already has are not new. */
  original?: Record<string, unknown>;
  /** Files uploaded with this save, by stored name. */
  uploads?: ReadonlyMap<string, UploadedFile>;
}

export type Modifier = 'append' | 'prepend' | 'subtract';

/**
 * One module per field type implements this. The record write path calls, in order:
 * `prepare` (coerce raw JSON/form input, keeping PocketBase's coercion rules) →
 * `modify` for `field+`/`+field`/`field-` keys → `validate` → `toDb`; reads call `fromDb`.
 */
export interface FieldType {
  readonly type: FieldTypeName;
  /** Type-specific option defaults (without id/name/type/system/hidden/presentable). */
  defaults(): Record<string, unknown>;
  /**
   * Normalizes a submitted field definition in place (fill defaults, coerce option types) and
   * returns option errors keyed by option name, e.g. `{maxSelect: {code, message}}`, or undefined.
   */
  normalizeOptions(field: Field, ctx: OptionsContext): ErrorData | undefined;
  column(field: Field): ColumnKind;
  /** Value of a record that never set this field. */
  zero(field: Field): unknown;
  /** Coerces raw submitted input to the field's value shape. */
  prepare(raw: unknown, field: Field): unknown;
  /** Applies an update modifier; `current` is the field's value before it. */
  modify?(current: unknown, modifier: Modifier, raw: unknown, field: Field): unknown;
  validate(value: unknown, field: Field, ctx: ValueContext): FieldError | undefined | Promise<FieldError | undefined>;
  toDb(value: unknown, field: Field): unknown;
  fromDb(raw: unknown, field: Field): unknown;
}
