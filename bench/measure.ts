/** One measured run: a client process (pinned apart) drives one server while /proc watches the server. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadConfig, LoadResult } from './load-client.js';
import { machineBusySec, ProcSampler, readProc, type ProcUsage } from './proc-stats.js';
import type { RealtimeConfig, RealtimeResult } from './realtime.js';
import type { SeedResult } from './seed.js';
import { benchDir, spawnPinned, type ServerHandle } from './servers.js';
import type { Workload } from './workloads.js';

export interface RunStats {
  /** 2xx responses per second; for realtime, deliveries per second. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  serverCpuPct: number;
  serverPeakRssKb: number;
  clientCpuPct: number;
  /** Machine CPU used by neither server nor client (other processes, this bench's sampling): noise. */
  otherCpuPct: number;
  /** Realtime only. */
  subscribers?: number;
  deliveredPct?: number;
  writes?: number;
  writeP50Ms?: number;
  /** Realtime only: server RSS added per subscriber once all are connected and idle, in KB. */
  idleKbPerSubscriber?: number;
}

export interface RunSettings {
  root: string;
  clientCpus?: string;
  durationSec: number;
  connections: number;
  subscribers: number;
  writesPerSec: number;
}

export async function measure(server: ServerHandle, w: Workload, seed: SeedResult, s: RunSettings): Promise<RunStats> {
  if (w.kind === 'realtime') {
    const cfg: RealtimeConfig = { url: server.url, subscribeUrls: server.subscribeUrls, subscribers: s.subscribers, writesPerSec: s.writesPerSec, durationSec: s.durationSec, user: seed.users[0] };
    const [r, usage, rss] = await runChild<RealtimeResult>('realtime.ts', cfg, s, server.pid);
    return {
      reqPerSec: r.delivered / s.durationSec,
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      errors: r.writeErrors + (s.subscribers - r.subscribers),
      serverCpuPct: usage.cpuPct,
      serverPeakRssKb: usage.peakRssKb,
      clientCpuPct: r.clientCpuPct,
      otherCpuPct: other(usage, r.clientCpuPct),
      subscribers: r.subscribers,
      deliveredPct: 100 * r.deliveredFraction,
      writes: r.writes,
      writeP50Ms: r.writeP50Ms,
      idleKbPerSubscriber: r.subscribers ? Math.max(0, rss.atStartKb - rss.beforeKb) / r.subscribers : undefined,
    };
  }
  const cfg: LoadConfig = { url: server.url, connections: s.connections, durationSec: s.durationSec, requests: w.requests!(seed) };
  const [r, usage] = await runChild<LoadResult>('load-client.ts', cfg, s, server.pid);
  if (r.errors) process.stderr.write(`  ${server.kind} ${w.name}: ${r.errors} errors (first status ${r.firstBadStatus ?? 'none: socket errors or timeouts'})\n`);
  return { reqPerSec: r.reqPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors, serverCpuPct: usage.cpuPct, serverPeakRssKb: usage.peakRssKb, clientCpuPct: r.clientCpuPct, otherCpuPct: other(usage, r.clientCpuPct) };
}

/**
 * Runs a bench client script as a child process. It prints `start` when its load begins (the
 * server is watched from then on, not during the client's own start-up) and a JSON line at the end.
 */
async function runChild<T>(script: string, config: unknown, s: RunSettings, serverPid: number): Promise<[T, ProcUsage, { beforeKb: number; atStartKb: number }]> {
  // RSS before the client connects and when its load starts (for realtime: all subscribed, idle)
  const rss = { beforeKb: readProc(serverPid)?.rssKb ?? 0, atStartKb: 0 };
  const cfgPath = join(s.root, `client-${process.hrtime.bigint()}.json`);
  writeFileSync(cfgPath, JSON.stringify(config));
  const child = spawnPinned(process.execPath, ['--import', 'tsx', join(benchDir, script), cfgPath], s.clientCpus, 'pipe');
  let sampler: ProcSampler | undefined;
  let usage: ProcUsage | undefined;
  let result: T | undefined;
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'start') {
      rss.atStartKb = readProc(serverPid)?.rssKb ?? 0;
      sampler = new ProcSampler(serverPid);
    }
    else if (line.startsWith('{')) {
      usage = sampler?.stop();
      result = JSON.parse(line) as T;
    }
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0 || !result || !usage) {
    sampler?.stop();
    throw new Error(`${script} failed (${code}): ${err.slice(-2000)}`);
  }
  return [result, usage, rss];
}

/** Below this much CPU (% of one core) used by others, the machine counts as quiet. */
const quietCpuPct = 20;
const quietProbeMs = 500;

/**
 * The machine may be shared (tests, builds): before a run, wait up to maxSec for other
 * processes to leave the cores alone. Returns the seconds waited.
 */
export async function waitQuiet(maxSec: number): Promise<number> {
  const t0 = performance.now();
  while ((performance.now() - t0) / 1000 < maxSec) {
    const before = machineBusySec();
    await new Promise((r) => setTimeout(r, quietProbeMs));
    if (((machineBusySec() - before) * 100_000) / quietProbeMs < quietCpuPct) break;
  }
  return (performance.now() - t0) / 1000;
}

const other = (u: ProcUsage, clientCpuPct: number) => Math.max(0, u.machineCpuPct - u.cpuPct - clientCpuPct);

/** Median of each metric on its own: one noisy run cannot drag the others with it. */
export function medianStats(runs: RunStats[]): RunStats {
  const keys = Object.keys(runs[0]) as (keyof RunStats)[];
  const out = {} as RunStats;
  for (const k of keys) {
    const vals = runs.map((r) => r[k]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    if (vals.length) (out as unknown as Record<string, number>)[k] = vals[Math.floor((vals.length - 1) / 2)];
  }
  return out;
}
