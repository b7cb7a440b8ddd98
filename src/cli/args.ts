/** Parses `--name=value` / `--name value` / `--flag` against a known set; anything else is an error. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], known: Record<string, 'string' | 'boolean'>): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const [rawName, inline] = a.replace(/^--?/, '').split(/=(.*)/s, 2);
    const kind = known[rawName];
    if (!kind) throw new UsageError(`unknown flag: --${rawName}`);
    if (kind === 'boolean') {
      flags[rawName] = inline === undefined ? true : !['false', '0'].includes(inline);
    } else if (inline !== undefined) {
      flags[rawName] = inline;
    } else if (i + 1 < argv.length) {
      flags[rawName] = argv[++i];
    } else {
      throw new UsageError(`flag needs a value: --${rawName}`);
    }
  }
  return { positional, flags };
}
