/**
 * `exceptDomains` / `onlyDomains` of email and url fields: mutually exclusive lists of domains,
 * each checked with ozzo-validation's is.Domain (quirks included: the last character of a label
 * must be lowercase or a digit).
 */

import { fieldError, type ErrorData, type FieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { OptionSpec } from './options.js';
import { mustBeEmpty } from './rule-errors.js';

export const domainSpec: OptionSpec = { exceptDomains: 'strings', onlyDomains: 'strings' };

/** DNS names are at most 255 bytes. */
const domainBytesMax = 255;
const domainPattern = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-zA-Z]{1,63}| xn--[a-z0-9]{1,59})$/;

export function isDomain(s: string): boolean {
  return Buffer.byteLength(s, 'utf8') <= domainBytesMax && domainPattern.test(s);
}

export function checkDomainOptions(field: Field): Record<string, ErrorData | FieldError | undefined> {
  const except = (field.exceptDomains ?? []) as string[];
  const only = (field.onlyDomains ?? []) as string[];
  return {
    exceptDomains: only.length ? (except.length ? mustBeEmpty() : undefined) : eachDomain(except),
    onlyDomains: except.length ? (only.length ? mustBeEmpty() : undefined) : eachDomain(only),
  };
}

/** Errors keyed by list index, as ozzo's Each reports them; empty entries pass. */
function eachDomain(list: string[]): ErrorData | undefined {
  const errors: ErrorData = {};
  list.forEach((d, i) => {
    if (d !== '' && !isDomain(d)) errors[String(i)] = fieldError('validation_is_domain', 'Must be a valid domain.');
  });
  return Object.keys(errors).length ? errors : undefined;
}

/** Whether a value's domain (or url host) passes the field's allow/deny lists. Case-sensitive, as in PocketBase. */
export function domainAllowed(domain: string, field: Field): boolean {
  const except = (field.exceptDomains ?? []) as string[];
  const only = (field.onlyDomains ?? []) as string[];
  if (only.length && !only.includes(domain)) return false;
  return !(except.length && except.includes(domain));
}
