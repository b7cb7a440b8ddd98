import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { uniqueStrings } from './go-cast.js';
import {
  emptySelection, maxSelectOf, modifySelection, prepareSelection, selectionColumn, selectionFromDb, selectionToDb,
  tooManyValues,
} from './multi-value.js';
import { checkHelp, defaultsOf, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', values: 'strings', maxSelect: 'int', required: 'bool' };

export const select: FieldType = {
  type: 'select',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    const values = field.values as string[];
    return collectErrors({
      help: checkHelp(field.help),
      values: values.length ? undefined : required(),
      maxSelect: checkRange(optionNumber(field.maxSelect), 0, values.length || 1),
    });
  },

  column: selectionColumn,
  zero: emptySelection,
  prepare: prepareSelection,
  modify: (current, modifier, raw, field) => modifySelection(current, modifier, raw, field),

  validate(value, field) {
    const list = uniqueStrings(value);
    if (!list.length) return field.required ? required() : undefined;
    const maxSelect = maxSelectOf(field);
    if (list.length > maxSelect) return tooManyValues(maxSelect);
    const allowed = (field.values ?? []) as string[];
    const bad = list.find((v) => !allowed.includes(v));
    return bad === undefined ? undefined : fieldError('validation_invalid_value', `Invalid value ${bad}.`, { value: bad });
  },

  toDb: (value, field) => selectionToDb(value, field),
  fromDb: selectionFromDb,
};
