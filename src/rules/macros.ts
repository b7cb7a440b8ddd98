/**
 * Datetime macros (`@now`, `@todayStart`, `@month`, ...), all UTC. Dates use the stored record
 * format `YYYY-MM-DD HH:MM:SS.sssZ`, so they compare as strings against date fields.
 */

/** Replaceable clock, so tests can pin "now". */
export const macroClock = { now: (): Date => new Date() };

const day = 24 * 60 * 60 * 1000;

function format(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ');
}

const macros: Record<string, (now: Date) => string | number> = {
  '@now': (d) => format(d.getTime()),
  '@yesterday': (d) => format(d.getTime() - day),
  '@tomorrow': (d) => format(d.getTime() + day),
  '@second': (d) => d.getUTCSeconds(),
  '@minute': (d) => d.getUTCMinutes(),
  '@hour': (d) => d.getUTCHours(),
  '@day': (d) => d.getUTCDate(),
  '@month': (d) => d.getUTCMonth() + 1,
  '@weekday': (d) => d.getUTCDay(),
  '@year': (d) => d.getUTCFullYear(),
  '@todayStart': (d) => format(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())),
  '@todayEnd': (d) => format(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59, 999)),
  '@monthStart': (d) => format(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)),
  // Day 0 of the next month is the last day of this one.
  '@monthEnd': (d) => format(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0, 23, 59, 59, 999)),
  '@yearStart': (d) => format(Date.UTC(d.getUTCFullYear(), 0, 1)),
  '@yearEnd': (d) => format(Date.UTC(d.getUTCFullYear(), 11, 31, 23, 59, 59, 999)),
};

/** The macro's value, or undefined when `name` is not a macro (names are case-sensitive). */
export function macroValue(name: string): string | number | undefined {
  const m = Object.prototype.hasOwnProperty.call(macros, name) ? macros[name] : undefined;
  return m?.(macroClock.now());
}
