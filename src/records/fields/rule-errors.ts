/**
 * The generic validation errors PocketBase inherits from ozzo-validation, with messages already
 * sentenized as they reach the client. Type-specific errors live beside their type.
 */

import { fieldError, type ErrorData, type FieldError } from '../../lib/errors.js';

export { required } from '../../lib/errors.js';

export const minThreshold = (threshold: unknown, shown: string = String(threshold)) =>
  fieldError('validation_min_greater_equal_than_required', `Must be no less than ${shown}.`, { threshold });

export const maxThreshold = (threshold: unknown, shown: string = String(threshold)) =>
  fieldError('validation_max_less_equal_than_required', `Must be no greater than ${shown}.`, { threshold });

export const mustBeEmpty = () => fieldError('validation_empty', 'Must be blank.');

export const lengthOutOfRange = (min: number, max: number) =>
  fieldError('validation_length_out_of_range', `The length must be between ${min} and ${max}.`, { min, max });

export const notInList = () => fieldError('validation_not_in_invalid', 'Must not be in list.');

export const matchInvalid = () => fieldError('validation_match_invalid', 'Must be in a valid format.');

/** What PocketBase reports for errors that are not validation errors (e.g. bcrypt failures). */
export const invalidValue = () => fieldError('validation_invalid_value', 'Invalid value.');

/**
 * ozzo's Min/Max skip "empty" values, so a 0 option passes any bound; the first failing bound wins.
 * `min`/`max` undefined mean no bound on that side.
 */
export function checkRange(value: number, min?: number, max?: number): FieldError | undefined {
  if (value === 0) return undefined;
  if (min !== undefined && value < min) return minThreshold(min);
  if (max !== undefined && value > max) return maxThreshold(max);
  return undefined;
}

/** Drops undefined entries; undefined when nothing failed (the FieldType contract). */
export function collectErrors(errors: Record<string, FieldError | ErrorData | undefined>): ErrorData | undefined {
  const out: ErrorData = {};
  for (const [key, err] of Object.entries(errors)) if (err) out[key] = err;
  return Object.keys(out).length ? out : undefined;
}
