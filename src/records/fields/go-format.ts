/**
 * How Go prints numbers and times where PocketBase puts them on the wire: values cast to text,
 * and the `{{.min}}`-style placeholders of validation messages.
 */

/** Decimal digits and exponent of a finite number's shortest round-trip form. */
function shortestDigits(n: number): { negative: boolean; digits: string; exp: number } {
  const [mantissa, exp] = Math.abs(n).toExponential().split('e');
  return { negative: n < 0 || Object.is(n, -0), digits: mantissa.replace('.', ''), exp: Number(exp) };
}

function special(n: number): string | undefined {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return undefined;
}

/** strconv.FormatFloat(n, 'f', -1, 64): shortest digits, never an exponent (cast.ToString). */
export function formatFloatPlain(n: number): string {
  const s = special(n);
  if (s !== undefined) return s;
  const { negative, digits, exp } = shortestDigits(n);
  const intLen = exp + 1;
  let out: string;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return (negative ? '-' : '') + (n === 0 ? '0' : out);
}

/** Go's %g switches to an exponent outside this decimal exponent range when digits are shortest. */
const plainExpMin = -4;
const plainExpMax = 5;

/** fmt's %v for a float64 (shortest %g): `1e+06`, `1.5`, `1e-07`, as in number validation messages. */
export function formatFloatVerb(n: number): string {
  const s = special(n);
  if (s !== undefined) return s;
  const { negative, digits, exp } = shortestDigits(n);
  if (n === 0 || (exp >= plainExpMin && exp <= plainExpMax)) return formatFloatPlain(n);
  const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const e = String(Math.abs(exp)).padStart(2, '0');
  return (negative ? '-' : '') + mantissa + 'e' + (exp < 0 ? '-' : '+') + e;
}

/** Milliseconds as Go prints fractions: trailing zeros dropped, nothing when zero. */
function fraction(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return ms ? '.' + String(ms).padStart(3, '0').replace(/0+$/, '') : '';
}

/** time.Time.String() of a UTC time: `2024-01-01 10:00:00.12 +0000 UTC`. */
export function goTimeString(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction(d)} +0000 UTC`;
}

/** time.Time as Go's JSON encoder writes it (RFC 3339, fraction trimmed): `2024-01-01T10:00:00.12Z`. */
export function goTimeJson(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 19)}${fraction(d)}Z`;
}
