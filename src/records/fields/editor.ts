import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { castString } from './go-cast.js';
import { checkHelp, defaultsOf, maxSafeJsonInt, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', maxSize: 'int', convertURLs: 'bool', required: 'bool' };

/** `maxSize: 0` still caps rich text (bytes), which also bounds the request body size. */
export const editorBytesMaxDefault = 5 << 20;

/** The effective byte limit of an editor field's content. */
export function editorMaxSize(field: Field): number {
  const size = optionNumber(field.maxSize);
  return size > 0 ? size : editorBytesMaxDefault;
}

export const editor: FieldType = {
  type: 'editor',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({
      help: checkHelp(field.help),
      maxSize: checkRange(optionNumber(field.maxSize), 0, maxSafeJsonInt),
    });
  },

  column: () => 'text',
  zero: () => '',
  prepare: (raw) => castString(raw),

  validate(value, field) {
    const v = castString(value);
    if (field.required && v === '') return required();
    const maxSize = editorMaxSize(field);
    if (Buffer.byteLength(v, 'utf8') > maxSize) {
      return fieldError('validation_content_size_limit', `The maximum allowed content size is ${maxSize} bytes.`, { maxSize });
    }
    return undefined;
  },

  toDb: (value) => castString(value),
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};
