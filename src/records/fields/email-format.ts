/**
 * govalidator's IsEmail (what PocketBase's email field uses), restated so that no input can make
 * the JavaScript engine backtrack exponentially: the same accepted language, split at the last "@"
 * (the domain cannot contain one) and with the domain's nested repetitions flattened.
 */

/** Non-ASCII ranges govalidator accepts in addresses. */
const uni = '\\u{a0}-\\u{d7ff}\\u{f900}-\\u{fdcf}\\u{fdf0}-\\u{ffef}';

const atomChar = `[a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${uni}]`;
const dotAtom = new RegExp(`^${atomChar}+(?:\\.${atomChar}+)*$`, 'u');

/**
 * Quoted local part, as govalidator's grouping really reads: repeated `"` + optional folding
 * space + one quoted char (or "(" and any ASCII char), then a closing `"`. So `"a"b"` passes and
 * `"ab"` does not, exactly as PocketBase answers.
 */
const fws = '(?:[ \\t]*\\r\\n)?[ \\t]+';
const qtext = `[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\x21\\x23-\\x5b\\x5d-\\x7e${uni}]`;
const quotedPair = '\\([\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f]';
const quotedLocal = new RegExp(`^(?:"(?:${fws})?(?:${qtext}|${quotedPair}))*(?:${fws})?"$`, 'u');

/** Every domain label but the last: starts and ends with a letter or digit, then a dot. */
const labels = new RegExp(`^[a-zA-Z0-9${uni}](?:[a-zA-Z0-9\\-._~${uni}]*[a-zA-Z0-9${uni}])?\\.$`, 'u');
/** The last label: no dots, starts and ends with a letter. */
const topLabel = new RegExp(`^[a-zA-Z${uni}](?:[a-zA-Z0-9\\-_~${uni}]*[a-zA-Z${uni}])?$`, 'u');

export function isEmailFormat(v: string): boolean {
  const at = v.lastIndexOf('@');
  if (at < 1) return false;
  const local = v.slice(0, at);
  if (!dotAtom.test(local) && !quotedLocal.test(local)) return false;
  // One trailing dot (a fully qualified name) is allowed.
  const domain = v.endsWith('.') ? v.slice(at + 1, -1) : v.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return dot > 0 && labels.test(domain.slice(0, dot + 1)) && topLabel.test(domain.slice(dot + 1));
}
