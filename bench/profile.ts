/**
 * `npm run bench -- --profile[=workload]`: runs Plinth under `node --cpu-prof`, seeds it, drives
 * one workload, and prints where the server's CPU went during that workload only (self time per
 * function, time per code area, and inclusive time of Plinth's own functions).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { measure } from './measure.js';
import type { BenchOptions } from './options.js';
import { seed } from './seed.js';
import { repoDir, startServer } from './servers.js';
import { workloads } from './workloads.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const topFunctions = 30;
const topAreas = 15;

export async function runProfile(opts: BenchOptions, cores?: { server: string; client: string }): Promise<void> {
  const w = workloads.find((x) => x.name === opts.profile)!;
  const root = mkdtempSync(join(tmpdir(), 'plinth-bench-profile-'));
  const profDir = join(root, 'cpu-prof');
  // the TypeScript itself, through tsx, so the profile names src/ files (not the bundle)
  process.env.PLINTH_TSX = '1';
  const server = await startServer('plinth', { root, cpus: cores?.server, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
  let window: [number, number];
  try {
    const s = await seed('plinth', server.url, opts);
    const settings = { root, clientCpus: cores?.client, durationSec: opts.duration, connections: opts.connections, subscribers: opts.subscribers, writesPerSec: opts.writesPerSec };
    if (opts.warmup > 0) await measure(server, w, s, { ...settings, durationSec: opts.warmup });
    const t0 = nowMicros();
    const stats = await measure(server, w, s, settings);
    window = [t0, nowMicros()];
    process.stdout.write(`${w.name} on Plinth${cores ? ` (server on core ${cores.server}, client on core ${cores.client})` : ''}: ${stats.reqPerSec.toFixed(0)} req/s, p50 ${stats.p50Ms.toFixed(2)} ms, p99 ${stats.p99Ms.toFixed(2)} ms, errors ${stats.errors}, server CPU ${stats.serverCpuPct.toFixed(0)}%\n\n`);
  } finally {
    // SIGINT lets Plinth exit normally, which is when node writes the profile.
    await server.stop();
  }
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${profDir}`);
  process.stdout.write(summarize(JSON.parse(readFileSync(join(profDir, file), 'utf8')) as CpuProfile, window));
  process.stdout.write(`\nprofile: ${join(profDir, file)} (open in Chrome DevTools › Performance, or speedscope)\n`);
}

/** Self and inclusive sample counts inside the window (µs on the monotonic clock V8 also uses). */
export function summarize(p: CpuProfile, window: [number, number]): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let t = p.startTime;
  const picked: number[] = [];
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i];
    if (t >= window[0] && t <= window[1]) picked.push(id);
  });
  const ids = picked.length ? picked : p.samples;
  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const id of ids) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy++;
    bump(self, label(node));
    bump(area, areaOf(node));
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (n.callFrame.url.startsWith(srcUrl)) seen.add(label(n));
    }
    for (const k of seen) bump(inclusive, k);
  }
  const pct = (n: number) => ((100 * n) / Math.max(1, busy)).toFixed(1).padStart(5) + '%';
  const table = (title: string, m: Map<string, number>, n: number) =>
    [`${title}`, ...[...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${pct(v)}  ${k}`)].join('\n');
  const idle = ids.length - busy;
  return [
    `${ids.length} samples${picked.length ? ' in the workload window' : ' (whole run: window not found)'}; busy ${busy}, idle ${idle} (${((100 * idle) / Math.max(1, ids.length)).toFixed(1)}%). Percentages are of busy samples.`,
    '',
    table('Top functions by self time:', self, topFunctions),
    '',
    table('Self time by area:', area, topAreas),
    '',
    table("Plinth's own functions by inclusive time (src/):", inclusive, topFunctions),
    '',
  ].join('\n');
}

function label(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  // tsx hands V8 one-line modules: for our .ts files only the file name means something.
  const where = !url ? '' : url.endsWith('.ts') ? ` ${shortUrl(url)}` : ` ${shortUrl(url)}:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'}${where}`;
}

/** Groups code by package (node_modules/x), Plinth folder (src/x), node internals or V8 pseudo-frames. */
function areaOf(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName || '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return `npm ${mod[1]}`;
  const src = /\/(src\/[^/]+)\//.exec(url);
  return src ? src[1] : shortUrl(url);
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(repoDir) ? relative(repoDir, path) : path;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

const srcUrl = `file://${repoDir}/src/`;
const nowMicros = () => Number(process.hrtime.bigint() / 1000n);
