import { fieldError, type FieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType, OptionsContext, ValueContext } from './field-type.js';
import { uniqueStrings } from './go-cast.js';
import {
  emptySelection, maxSelectOf, modifySelection, prepareSelection, selectionColumn, selectionFromDb, selectionToDb,
  tooManyValues,
} from './multi-value.js';
import { checkHelp, defaultsOf, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = {
  help: 'string', collectionId: 'string', cascadeDelete: 'bool', minSelect: 'int', maxSelect: 'int', required: 'bool',
};

/** Ids checked per query, well under SQLite's bound-parameter limit. */
const idsPerQuery = 500;

export const relation: FieldType = {
  type: 'relation',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field, ctx: OptionsContext) {
    normalizeKeys(field, spec);
    const minSelect = optionNumber(field.minSelect);
    const maxSelect = optionNumber(field.maxSelect);
    return collectErrors({
      help: checkHelp(field.help),
      collectionId: field.collectionId ? checkTarget(field, ctx) : required(),
      minSelect: checkRange(minSelect, 0),
      maxSelect: minSelect > 0 && maxSelect === 0 ? required() : checkRange(maxSelect, minSelect),
    });
  },

  column: selectionColumn,
  zero: emptySelection,
  prepare: prepareSelection,
  modify: (current, modifier, raw, field) => modifySelection(current, modifier, raw, field),

  async validate(value, field, ctx) {
    const ids = uniqueStrings(value);
    if (!ids.length) return field.required ? required() : undefined;
    const minSelect = optionNumber(field.minSelect);
    if (minSelect > 0 && ids.length < minSelect) {
      return fieldError('validation_not_enough_values', `Select at least ${minSelect}.`, { minSelect });
    }
    const maxSelect = maxSelectOf(field);
    if (ids.length > maxSelect) return tooManyValues(maxSelect);
    const target = ctx.findCollection(String(field.collectionId));
    if (!target) {
      return fieldError('validation_missing_rel_collection', 'Relation connection is missing or cannot be accessed.');
    }
    if (!(await allExist(ctx, target.name, ids))) {
      return fieldError('validation_missing_rel_records', 'Failed to find all relation records with the provided ids.');
    }
    return undefined;
  },

  toDb: (value, field) => selectionToDb(value, field),
  fromDb: selectionFromDb,
};

async function allExist(ctx: ValueContext, table: string, ids: string[]): Promise<boolean> {
  const quoted = ctx.db.dialect.quote(table);
  for (let i = 0; i < ids.length; i += idsPerQuery) {
    const chunk = ids.slice(i, i + idsPerQuery);
    const sql = `SELECT id FROM ${quoted} WHERE id IN (${chunk.map(() => '?').join(', ')})`;
    const found = new Set((await ctx.db.query<{ id: unknown }>(sql, chunk)).map((r) => String(r.id)));
    if (!chunk.every((id) => found.has(id))) return false;
  }
  return true;
}

/** The target must exist under that exact id, stay the same once saved, and be a view only from a view. */
function checkTarget(field: Field, ctx: OptionsContext): FieldError | undefined {
  const id = String(field.collectionId);
  const stored = ctx.collection.id ? ctx.findCollection(ctx.collection.id) : undefined;
  const before = stored && stored !== ctx.collection ? stored.fields.find((f) => f.id === field.id) : undefined;
  if (before?.type === 'relation' && before.collectionId !== id) {
    return fieldError('validation_field_relation_change', 'The relation collection cannot be changed.');
  }
  const target = ctx.findCollection(id);
  if (!target || target.id !== id) {
    return fieldError('validation_field_relation_missing_collection', "The relation collection doesn't exist.");
  }
  if (ctx.collection.type !== 'view' && target.type === 'view') {
    return fieldError(
      'validation_relation_field_non_view_base_collection',
      'Only view collections are allowed to have relations to other views.',
    );
  }
  return undefined;
}
