/**
 * Field `pattern` options are Go (RE2) regular expressions. They run here as JavaScript `u`-mode
 * RegExps after translation; refusals carry Go's wording, as PocketBase shows it to the admin.
 */

import { fieldError, type FieldError } from '../../lib/errors.js';
import { GoSyntaxError, translateGoRegexp } from './go-regexp-translate.js';

/** Compiled patterns are reused across records; bounded since patterns come from admins. */
const compiledCacheMax = 200;
const compiled = new Map<string, RegExp>();

/** The RegExp for a Go pattern, or Go's error text (without the "error parsing regexp" prefix). */
export function compileGoRegexp(pattern: string): RegExp | string {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let re: RegExp;
  try {
    const { source, flags } = translateGoRegexp(pattern);
    re = new RegExp(source, flags);
  } catch (err) {
    if (err instanceof GoSyntaxError) return err.message;
    return goReason(pattern, err instanceof Error ? err.message : String(err));
  }
  if (compiled.size >= compiledCacheMax) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, re);
  return re;
}

/** Go's regexp.MatchString: an unanchored search. An invalid pattern never matches. */
export function matchesGoRegexp(pattern: string, value: string): boolean {
  const re = compileGoRegexp(pattern);
  return typeof re !== 'string' && re.test(value);
}

/** `validation_invalid_regex` for an option holding a pattern, or undefined when it compiles. */
export function checkRegexOption(pattern: unknown): FieldError | undefined {
  if (typeof pattern !== 'string' || pattern === '') return undefined;
  const re = compileGoRegexp(pattern);
  if (typeof re !== 'string') return undefined;
  return fieldError('validation_invalid_regex', `Error parsing regexp: ${re}.`);
}

const repeatOp = String.raw`(?:[*+?]|\{\d+(?:,\d*)?\})`;
/** A repeat operator (optionally lazy) followed by another one, e.g. `**`, `*??`, `{2}{3}`. */
const nestedRepeat = new RegExp(`${repeatOp}(?:\\?${repeatOp}|[*+]|\\{\\d+(?:,\\d*)?\\})`);
/** A repeat operator with nothing before it. */
const bareRepeat = new RegExp(`(?:^|[(|])(${repeatOp})`);

/** Words a JavaScript syntax error the way Go's regexp/syntax would for the same mistake. */
function goReason(pattern: string, jsMessage: string): string {
  if (/Unterminated group/i.test(jsMessage)) return `missing closing ): \`${pattern}\``;
  if (/Unmatched '\)'/i.test(jsMessage)) return `unexpected ): \`${pattern}\``;
  if (/Unterminated character class/i.test(jsMessage)) return `missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``;
  if (/out of order/i.test(jsMessage)) {
    const range = /([^\\])-([^\]])/.exec(pattern.slice(pattern.indexOf('[')));
    return `invalid character class range: \`${range ? range[0] : pattern}\``;
  }
  if (/Nothing to repeat/i.test(jsMessage)) {
    const nested = nestedRepeat.exec(pattern);
    if (nested) return `invalid nested repetition operator: \`${nested[0]}\``;
    const bare = bareRepeat.exec(pattern);
    return `missing argument to repetition operator: \`${bare ? bare[1] : pattern}\``;
  }
  return `invalid or unsupported Perl syntax: \`${pattern}\``;
}
