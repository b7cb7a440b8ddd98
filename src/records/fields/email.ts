import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import { checkDomainOptions, domainAllowed, domainSpec } from './domain-options.js';
import { isEmailFormat } from './email-format.js';
import type { FieldType } from './field-type.js';
import { castString } from './go-cast.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', ...domainSpec, required: 'bool' };

export const email: FieldType = {
  type: 'email',
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
    if (!isEmailFormat(v)) return fieldError('validation_is_email', 'Must be a valid email address.');
    if (!domainAllowed(v.slice(v.lastIndexOf('@') + 1), field)) {
      return fieldError('validation_email_domain_not_allowed', 'Email domain is not allowed.');
    }
    return undefined;
  },

  toDb: (value) => castString(value),
  fromDb: (raw) => (raw === null || raw === undefined ? '' : String(raw)),
};
