import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import { checkDomainOptions, domainAllowed, domainSpec } from './domain-options.js';
import type { FieldType } from './field-type.js';
import { castString } from './go-cast.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, required } from './rule-errors.js';
import { isGoURL, parseGoUrl } from './url-format.js';

const spec: OptionSpec = { help: 'string', ...domainSpec, required: 'bool' };

export const url: FieldType = {
  type: 'url',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({ help: checkHelp(field.help), ...checkDomainOptions(field) });
  },

  column: () => 'text',
  zero: () => '',
  prepare: (raw) => castString(raw),

  validate(value, field) {
    const v = castString(value);
    if (v === '') return field.required ? required() : undefined;
    if (!isGoURL(v)) return fieldError('validation_invalid_url', 'Must be a valid url.');
    // The lists compare against the host as Go parses it: port included, and empty without "//".
    if (!domainAllowed(parseGoUrl(v)?.host ?? '', field)) {
      return fieldError('validation_url_domain_not_allowed', 'Url domain is not allowed.');
    }
    return undefined;
  },

  toDb: (value) => castString(value),
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};
