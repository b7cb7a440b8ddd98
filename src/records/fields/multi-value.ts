/**
 * select, relation and file hold one string, or with `maxSelect > 1` a list stored as a JSON
 * array. Input and modifiers go through PocketBase's string-list normalization; a single-value
 * field keeps the last value given.
 */

import { fieldError } from '../../lib/errors.js';
import type { ColumnKind } from '../../store/dialect.js';
import type { Field } from '../model.js';
import type { Modifier } from './field-type.js';
import { uniqueStrings } from './go-cast.js';
import { optionNumber } from './options.js';

export const isMulti = (field: Field) => optionNumber(field.maxSelect) > 1;

/** The effective cap on values: `maxSelect` 0 and 1 both mean one. */
export const maxSelectOf = (field: Field) => Math.max(optionNumber(field.maxSelect), 1);

export const tooManyValues = (maxSelect: number) =>
  fieldError('validation_too_many_values', `Select no more than ${maxSelect}.`, { maxSelect });

export const selectionColumn = (field: Field): ColumnKind => (isMulti(field) ? 'jsonArray' : 'text');
export const emptySelection = (field: Field) => (isMulti(field) ? [] : '');

/** Fits an already normalized list to the field: the list, or its last value. */
export function fitSelection(list: string[], field: Field): string | string[] {
  return isMulti(field) ? list : list.at(-1) ?? '';
}

export const prepareSelection = (raw: unknown, field: Field) => fitSelection(uniqueStrings(raw), field);

/**
 * `field+` appends, `+field` prepends, `field-` removes. `toList` is the field's own list reader
 * (file fields read nested arrays differently).
 */
export function modifySelection(
  current: unknown, modifier: Modifier, raw: unknown, field: Field, toList: (v: unknown) => string[] = uniqueStrings,
): string | string[] {
  const cur = toList(current);
  const given = toList(raw);
  let next: string[];
  if (modifier === 'append') next = [...cur, ...given];
  else if (modifier === 'prepend') next = [...given, ...cur];
  else next = cur.filter((v) => !given.includes(v));
  return fitSelection(toList(next), field);
}

export function selectionToDb(value: unknown, field: Field, toList: (v: unknown) => string[] = uniqueStrings): string {
  const list = toList(value);
  return isMulti(field) ? JSON.stringify(list) : list.at(-1) ?? '';
}

/** Reads back as PocketBase does: the stored text goes through the same normalization as input. */
export const selectionFromDb = (raw: unknown, field: Field) => prepareSelection(raw, field);
