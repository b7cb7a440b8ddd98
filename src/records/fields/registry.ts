/**
 * Every field type by its wire name. Record and collection code look types up here and never
 * import a type module directly, so adding a type is one line.
 */

import type { FieldTypeName } from '../model.js';
import { autodate } from './autodate.js';
import { bool } from './bool.js';
import { date } from './date.js';
import { editor } from './editor.js';
import { email } from './email.js';
import type { FieldType } from './field-type.js';
import { file } from './file.js';
import { geoPoint } from './geo-point.js';
import { json } from './json.js';
import { number } from './number.js';
import { password } from './password.js';
import { relation } from './relation.js';
import { select } from './select.js';
import { text } from './text.js';
import { url } from './url.js';

export const fieldTypes: Readonly<Record<FieldTypeName, FieldType>> = Object.freeze({
  text, number, bool, email, url, editor, date, autodate, select, file, relation, json, password, geoPoint,
});

/** Whether PocketBase knows a field type of this name (collection validation asks first). */
export function hasFieldType(name: unknown): name is FieldTypeName {
  return typeof name === 'string' && Object.hasOwn(fieldTypes, name);
}

/** The type module for a field's `type`. Throws for unknown names: stored collections only hold known ones. */
export function getFieldType(name: string): FieldType {
  if (!hasFieldType(name)) throw new Error(`unknown field type "${name}"`);
  return fieldTypes[name];
}
