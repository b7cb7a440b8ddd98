import { mimeMatches } from '../../files/mime.js';
import type { UploadedFile } from '../../files/upload.js';
import { fieldError, type ErrorData, type FieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { uniqueStrings } from './go-cast.js';
import { emptySelection, fitSelection, maxSelectOf, modifySelection, selectionColumn, selectionToDb } from './multi-value.js';
import { checkHelp, defaultsOf, maxSafeJsonInt, normalizeKeys, optionNumber, type OptionSpec } from './options.js';
import { checkRange, collectErrors, matchInvalid, notInList, required } from './rule-errors.js';

const spec: OptionSpec = {
  help: 'string', maxSelect: 'int', maxSize: 'int', mimeTypes: 'strings', thumbs: 'strings',
  protected: 'bool', required: 'bool',
};

/** `maxSize: 0` still caps each upload (bytes); request body limits are derived from it. */
export const fileBytesMaxDefault = 5 << 20;

export const thumbSizePattern = /^(\d+)x(\d+)(t|b|f)?$/;
/** A thumb must keep at least one side. */
const zeroThumbs = ['0x0', '0x0t', '0x0b', '0x0f'];

/** The effective per-file byte limit. */
export function fileMaxSize(field: Field): number {
  const size = optionNumber(field.maxSize);
  return size > 0 ? size : fileBytesMaxDefault;
}

/**
 * File names in a value. Unlike select values, array items are read one by one: an item that
 * does not come down to exactly one name is skipped rather than voiding the list.
 */
export function fileNames(v: unknown): string[] {
  if (!Array.isArray(v)) return uniqueStrings(v);
  const names = v.flatMap((item) => {
    const inner = fileNames(item);
    return inner.length === 1 ? inner : [];
  });
  return [...new Set(names)];
}

export const file: FieldType = {
  type: 'file',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({
      help: checkHelp(field.help),
      maxSelect: checkRange(optionNumber(field.maxSelect), 0, maxSafeJsonInt),
      maxSize: checkRange(optionNumber(field.maxSize), 0, maxSafeJsonInt),
      thumbs: checkThumbs(field.thumbs as string[]),
    });
  },

  column: selectionColumn,
  zero: emptySelection,
  prepare: (raw, field) => fitSelection(fileNames(raw), field),
  modify: (current, modifier, raw, field) => modifySelection(current, modifier, raw, field, fileNames),

  validate(value, field, ctx) {
    const names = fileNames(value);
    if (!names.length) return field.required ? required() : undefined;
    // Names can't be made up: a new name must come with an upload of this save.
    const before = new Set(fileNames(ctx.original?.[field.name]));
    const invalid = names.filter((n) => !before.has(n) && !ctx.uploads?.has(n));
    if (invalid.length) {
      const invalidFiles = invalid.map((n) => n.slice(0, 250));
      return fieldError('validation_invalid_file', `Invalid new files: [${invalidFiles.join(' ')}].`, { invalidFiles });
    }
    const maxSelect = maxSelectOf(field);
    if (names.length > maxSelect) {
      return fieldError('validation_too_many_files', `The maximum allowed files is ${maxSelect}.`, { maxSelect });
    }
    for (const n of names) {
      const upload = ctx.uploads?.get(n);
      const e = upload && uploadError(upload, field);
      if (e) return e;
    }
    return undefined;
  },

  toDb: (value, field) => selectionToDb(value, field, fileNames),
  fromDb: (raw, field) => fitSelection(fileNames(raw), field),
};

/** Size and type of one upload; the type is the one sniffed from its bytes. */
export function uploadError(upload: UploadedFile, field: Field): FieldError | undefined {
  const maxSize = fileMaxSize(field);
  if (upload.size > maxSize) {
    const file = upload.originalName.slice(0, 300);
    return fieldError('validation_file_size_limit', `Failed to upload ${file} - the maximum allowed file size is ${maxSize} bytes.`, { file, maxSize });
  }
  const allowed = (field.mimeTypes as string[] | undefined) ?? [];
  if (allowed.length && !mimeMatches(upload.contentType, allowed)) {
    return fieldError('validation_invalid_mime_type', `${JSON.stringify(upload.name)} mime type must be one of: ${allowed.join(', ')}.`);
  }
  return undefined;
}

function checkThumbs(thumbs: string[]): ErrorData | undefined {
  const errors: ErrorData = {};
  thumbs.forEach((t, i) => {
    if (t === '') return;
    if (zeroThumbs.includes(t)) errors[String(i)] = notInList();
    else if (!thumbSizePattern.test(t)) errors[String(i)] = matchInvalid();
  });
  return Object.keys(errors).length ? errors : undefined;
}
