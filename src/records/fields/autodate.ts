import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import { toDateString } from './date.js';
import type { FieldType, OptionsContext } from './field-type.js';
import { defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors } from './rule-errors.js';

/**
 * No `help` and no `required`: the write path stamps the value and never applies client input
 * (PocketBase's setter for an autodate field is a no-op).
 */
const spec: OptionSpec = { onCreate: 'bool', onUpdate: 'bool' };

export const autodate: FieldType = {
  type: 'autodate',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field, ctx: OptionsContext) {
    normalizeKeys(field, spec);
    const before = storedField(field, ctx);
    return collectErrors({
      onCreate: checkFlag(field, before, 'onCreate', field.onUpdate),
      onUpdate: checkFlag(field, before, 'onUpdate', field.onCreate),
    });
  },

  column: () => 'text',
  zero: () => '',
  prepare: toDateString,
  validate: () => undefined,
  toDb: toDateString,
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};

/** System autodate fields (created/updated) cannot change behaviour; one flag must be on. */
function checkFlag(field: Field, before: Field | undefined, key: 'onCreate' | 'onUpdate', other: unknown) {
  if (field.system && before && before[key] !== field[key]) {
    return fieldError('validation_values_mismatch', "Values don't match.");
  }
  if (!field[key] && !other) return fieldError('validation_required', 'Either onCreate or onUpdate must be enabled.');
  return undefined;
}

function storedField(field: Field, ctx: OptionsContext): Field | undefined {
  const stored = ctx.collection.id ? ctx.findCollection(ctx.collection.id) : undefined;
  if (!stored || stored === ctx.collection) return undefined;
  return stored.fields.find((f) => f.id === field.id && f.type === 'autodate');
}
