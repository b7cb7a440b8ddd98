/** Command-line options of `npm run bench`, with defaults and `--quick` presets. */
import { join } from 'node:path';
import { benchDir } from './servers.js';
import { workloadNames } from './workloads.js';

export type PinMode = 'both' | 'pinned' | 'unpinned';

export interface BenchOptions {
  posts: number;
  users: number;
  /** Seconds per measured run. */
  duration: number;
  repeat: number;
  only: string[];
  quick: boolean;
  pocketbase: boolean;
  plinth: boolean;
  pin: PinMode;
  connections: number;
  /** Unmeasured seconds per server before a workload's first run, so the JIT has warmed up. */
  warmup: number;
  subscribers: number;
  writesPerSec: number;
  /** Longest wait, before each run, for other processes to quieten down (0: don't wait). */
  quietWait: number;
  /** JSON path; the markdown table goes beside it (RESULTS.md for the default path). */
  out: string;
  /** Workload to profile Plinth under, or undefined for a normal comparison. */
  profile?: string;
}

export const usage = `npm run bench -- [options]
  --posts=N          posts to seed (default 10000)
  --duration=S       seconds per measured run (default 10)
  --repeat=R         runs per server and workload, median kept (default 3)
  --only=a,b         workloads: ${workloadNames.join(', ')}
  --quick            tiny numbers, one pinned pass, no warm-up
  --no-pocketbase    Plinth and the ceiling only (no download)
  --no-plinth        PocketBase and the ceiling only
  --pin=MODE         both | pinned | unpinned (default both)
  --connections=C    autocannon connections (default 50)
  --subscribers=N    realtime SSE subscribers (default 200)
  --writes=N         realtime creates per second (default 50)
  --quiet-wait=S     before each run, wait up to S s for other load to stop (default 20)
  --out=FILE.json    results JSON (default bench/results.json; markdown beside it)
  --profile[=NAME]   profile Plinth (--cpu-prof) under one workload (default get-one)`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument "${a}"\n${usage}`);
    flags.set(m[1], m[2] ?? '');
  }
  const quick = flags.has('quick');
  const num = (name: string, dflt: number) => {
    if (!flags.has(name)) return dflt;
    const n = Number(flags.get(name));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
    return n;
  };
  const only = flags.get('only')?.split(',').filter(Boolean) ?? workloadNames;
  const unknown = only.filter((w) => !workloadNames.includes(w));
  if (unknown.length) throw new Error(`unknown workload(s): ${unknown.join(', ')} (known: ${workloadNames.join(', ')})`);
  const pin = (flags.get('pin') || (quick ? 'pinned' : 'both')) as PinMode;
  if (!['both', 'pinned', 'unpinned'].includes(pin)) throw new Error(`--pin must be both, pinned or unpinned`);
  const known = ['posts', 'users', 'duration', 'repeat', 'only', 'quick', 'no-pocketbase', 'no-plinth', 'pin', 'connections', 'warmup', 'subscribers', 'writes', 'quiet-wait', 'out', 'profile', 'help'];
  const stray = [...flags.keys()].filter((k) => !known.includes(k));
  if (stray.length) throw new Error(`unknown option(s): ${stray.map((s) => '--' + s).join(' ')}\n${usage}`);
  const profile = flags.has('profile') ? flags.get('profile') || 'get-one' : undefined;
  if (profile && !workloadNames.includes(profile)) throw new Error(`--profile: unknown workload "${profile}"`);
  return {
    posts: Math.round(num('posts', quick ? 200 : 10_000)),
    users: Math.round(num('users', quick ? 3 : 20)),
    duration: num('duration', quick ? 2 : 10),
    repeat: Math.round(num('repeat', quick ? 1 : 3)),
    only,
    quick,
    pocketbase: !flags.has('no-pocketbase'),
    plinth: !flags.has('no-plinth'),
    pin,
    connections: Math.round(num('connections', quick ? 10 : 50)),
    warmup: flags.has('warmup') ? Number(flags.get('warmup')) : quick ? 0 : 3,
    subscribers: Math.round(num('subscribers', quick ? 10 : 200)),
    writesPerSec: num('writes', quick ? 10 : 50),
    quietWait: flags.has('quiet-wait') ? Number(flags.get('quiet-wait')) : quick ? 0 : 20,
    out: flags.get('out') || join(benchDir, 'results.json'),
    profile,
  };
}
