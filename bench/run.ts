/**
 * `npm run bench`: Plinth against PocketBase and a bare Node ceiling, same data, same requests.
 * Per mode (pinned to separate cores, then unpinned): start every server on a fresh data dir,
 * seed each through its API, run each workload alternating servers, keep medians, report.
 * Progress goes to stderr; the table to stdout, bench/RESULTS.md and bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, medianStats, waitQuiet, type RunSettings, type RunStats } from './measure.js';
import { parseOptions, usage, type BenchOptions } from './options.js';
import { readProc } from './proc-stats.js';
import { runProfile } from './profile.js';
import { renderMarkdown, writeResults, type BenchResults, type ModeResult, type ServerSummary, type WorkloadSummary } from './report.js';
import { seed, type SeedResult } from './seed.js';
import { pocketbaseVersion, startServer, stopAllServers, type ServerHandle, type ServerKind } from './servers.js';
import { compareAnswers } from './verify.js';
import { workloads } from './workloads.js';

/** Pinned mode: the server gets core 0, the load client and this orchestrator core 1. */
const serverCore = '0';
const clientCore = '1';
/** Lets a freshly seeded server settle (WAL checkpoint, GC) before idle RSS is read. */
const settleMs = 1500;
/** The machine's cores, whatever this process's own affinity (availableParallelism() follows it). */
const coreCount = cpus().length;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void process.stdout.write(usage + '\n');
  const opts = parseOptions(argv);
  if (opts.profile) return runProfile(opts, canPin() ? { server: serverCore, client: clientCore } : undefined);
  const pin = canPin();
  let modes = (opts.pin === 'both' ? ['pinned', 'unpinned'] : [opts.pin]).filter((m) => m === 'unpinned' || pin) as ModeResult['mode'][];
  if (!modes.length && opts.quick) modes = ['unpinned'];
  if (!modes.length) throw new Error('pinning needs 2+ cores and taskset; use --pin=unpinned');
  const { only: _only, out: _out, ...shown } = opts;
  const results: BenchResults = {
    date: new Date().toISOString(),
    cpuModel: cpuModel(),
    cores: coreCount,
    node: process.version,
    pocketbase: opts.pocketbase ? pocketbaseVersion : null,
    options: { ...shown, only: opts.only },
    modes: [],
  };
  for (const mode of modes) results.modes.push(await runMode(mode, opts));
  process.stdout.write('\n' + renderMarkdown(results));
  const md = writeResults(results, opts.out);
  process.stderr.write(`\nwrote ${opts.out} and ${md}\n`);
}

async function runMode(mode: ModeResult['mode'], opts: BenchOptions): Promise<ModeResult> {
  const pinned = mode === 'pinned';
  setOwnAffinity(pinned ? clientCore : `0-${coreCount - 1}`);
  const root = mkdtempSync(join(tmpdir(), `plinth-bench-${mode}-`));
  const kinds = (['plinth', 'pocketbase', 'ceiling'] as const).filter((k) => (k === 'plinth' ? opts.plinth : k === 'pocketbase' ? opts.pocketbase : true));
  const servers: ServerHandle[] = [];
  log(`\n== ${mode} run in ${root}`);
  try {
    const summaries: ServerSummary[] = [];
    const seeds = new Map<ServerKind, SeedResult>();
    for (const kind of kinds) {
      const server = await startServer(kind, { root, cpus: pinned ? serverCore : undefined });
      servers.push(server);
      const startRssKb = readProc(server.pid)?.rssKb ?? 0;
      const s = await seed(kind, server.url, opts);
      seeds.set(kind, s);
      await sleep(settleMs);
      summaries.push({ kind, seed: { posts: s.posts, postsSec: s.postsSec, postsPerSec: s.postsPerSec, usersSec: s.usersSec }, startRssKb, idleRssKb: readProc(server.pid)?.rssKb ?? 0, peakRssKb: 0 });
      log(`${kind}: seeded ${s.posts} posts in ${s.postsSec.toFixed(1)} s (${s.postsPerSec.toFixed(0)}/s), ${s.users.length} users in ${s.usersSec.toFixed(1)} s`);
    }
    const selected = workloads.filter((x) => opts.only.includes(x.name));
    const { problems: mismatches, agreed } = await compareAnswers(servers, seeds, selected);
    for (const m of mismatches) log(`WARNING: servers disagree on ${m}`);
    if (agreed.length) log(`same answers from every server: ${agreed.join('; ')}`);
    const settings: RunSettings = { root, clientCpus: pinned ? clientCore : undefined, durationSec: opts.duration, connections: opts.connections, subscribers: opts.subscribers, writesPerSec: opts.writesPerSec };
    const results: WorkloadSummary[] = [];
    for (const w of selected) {
      if (opts.warmup > 0) for (const server of servers) await measure(server, w, seeds.get(server.kind)!, { ...settings, durationSec: opts.warmup });
      const runs: Partial<Record<ServerKind, RunStats[]>> = {};
      for (let r = 0; r < opts.repeat; r++) {
        for (const server of servers) {
          const waited = await waitQuiet(opts.quietWait);
          if (waited >= opts.quietWait && opts.quietWait > 0) log(`  machine still busy after ${waited.toFixed(0)} s: measuring anyway (see other CPU %)`);
          (runs[server.kind] ??= []).push(await measure(server, w, seeds.get(server.kind)!, settings));
        }
      }
      const median = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, medianStats(v)]));
      results.push({ name: w.name, title: w.title, runs, median });
      log(`${w.name}: ` + Object.entries(median).map(([k, s]) => `${k} ${s.reqPerSec.toFixed(0)}/s p99 ${s.p99Ms.toFixed(1)} ms`).join(' · '));
    }
    for (const s of summaries) s.peakRssKb = readProc(servers.find((x) => x.kind === s.kind)!.pid)?.hwmKb ?? 0;
    const note = pinned
      ? `Pinned: each server on core ${serverCore} only (\`taskset -c ${serverCore}\`; PocketBase's Go runtime then uses 1 thread for Go code), the load client on core ${clientCore} (\`taskset -c ${clientCore}\`): one core each.`
      : `Unpinned: servers and load client share all ${coreCount} cores; client CPU competes with the server.`;
    await Promise.all(servers.map((s) => s.stop()));
    // Kept on failure: the server logs in it tell what went wrong.
    rmSync(root, { recursive: true, force: true });
    return { mode, note, servers: summaries, workloads: results, mismatches };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function canPin(): boolean {
  return coreCount >= 2 && spawnSync('taskset', ['-V']).status === 0;
}

/** Moves every thread of this process (the seeding and sampling side) onto the given cores. */
function setOwnAffinity(cpus: string): void {
  if (canPin()) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

function cpuModel(): string {
  const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return m ? m[1].trim() : 'unknown';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(line + '\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping servers`);
    void stopAllServers().then(() => process.exit(130));
  });
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
