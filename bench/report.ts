/** Turns bench results into markdown tables (stdout and RESULTS.md) and JSON. */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunStats } from './measure.js';
import type { BenchOptions } from './options.js';
import type { ServerKind } from './servers.js';

export interface ServerSummary {
  kind: ServerKind;
  seed: { posts: number; postsSec: number; postsPerSec: number; usersSec: number };
  /** RSS right after start, once idle after seeding, and the process's high-water mark at the end. */
  startRssKb: number;
  idleRssKb: number;
  peakRssKb: number;
}

export interface WorkloadSummary {
  name: string;
  title: string;
  runs: Partial<Record<ServerKind, RunStats[]>>;
  median: Partial<Record<ServerKind, RunStats>>;
}

export interface ModeResult {
  mode: 'pinned' | 'unpinned';
  note: string;
  servers: ServerSummary[];
  workloads: WorkloadSummary[];
  /** Workloads where the servers' first answers differed (status or item counts). */
  mismatches: string[];
}

export interface BenchResults {
  date: string;
  cpuModel: string;
  cores: number;
  node: string;
  pocketbase: string | null;
  options: Omit<BenchOptions, 'out'>;
  modes: ModeResult[];
}

/** The goals Plinth is held to, as "Plinth / PocketBase" throughput ratios. */
const throughputTargets: Record<string, number> = { 'get-one': 2, 'list-filter': 1.5, 'list-skiptotal': 2, 'list-auth': 1.5, create: 2 };
const ceilingTarget = { workload: 'get-one', ratio: 0.4 };

export function writeResults(r: BenchResults, jsonPath: string): string {
  const md = renderMarkdown(r);
  writeFileSync(jsonPath, JSON.stringify(r, null, 2) + '\n');
  const mdPath = basename(jsonPath) === 'results.json' ? join(dirname(jsonPath), 'RESULTS.md') : jsonPath.replace(/(\.json)?$/, '.md');
  writeFileSync(mdPath, md);
  return mdPath;
}

export function renderMarkdown(r: BenchResults): string {
  const o = r.options;
  const lines = [
    '# Plinth benchmark results',
    '',
    `${r.date} · CPU: ${r.cpuModel} (${r.cores} cores) · Node ${r.node} · PocketBase ${r.pocketbase ?? 'not run'}`,
    '',
    `${o.posts} posts, ${o.users} users · ${o.duration} s per run, ${o.repeat} runs per server (median of each figure), servers alternated per workload · ` +
      `autocannon ${o.connections} connections · realtime: ${o.subscribers} SSE subscribers, ${o.writesPerSec} creates/s · regenerate with \`npm run bench\``,
    '',
    'req/s counts 2xx replies; latencies are exact per request. CPU columns are % of one core over the measured window: the server, ' +
      'the load client (autocannon, or the realtime client), and everything else on the machine (noise). ×PocketBase and ×ceiling compare req/s. ' +
      'Ceiling: bare node:http + better-sqlite3 doing the same reads and writes (hard-coded SQL, same JSON, same token check).',
  ];
  for (const m of r.modes) lines.push('', ...renderMode(m));
  return lines.join('\n') + '\n';
}

function renderMode(m: ModeResult): string[] {
  const out = [`## ${m.mode}`, '', m.note, '', '| workload | server | req/s | p50 ms | p99 ms | errors | server CPU % | peak RSS MB | client CPU % | other CPU % | ×PocketBase | ×ceiling |', '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'];
  const http = m.workloads.filter((w) => w.name !== 'realtime');
  for (const w of http) {
    for (const kind of kindsOf(w)) {
      const s = w.median[kind]!;
      out.push(row([w.name, kind, fmt(s.reqPerSec, 0), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), s.errors, fmt(s.serverCpuPct, 0), mb(s.serverPeakRssKb), fmt(s.clientCpuPct, 0), fmt(s.otherCpuPct, 0), ratio(s, w.median.pocketbase, kind !== 'pocketbase'), ratio(s, w.median.ceiling, kind !== 'ceiling')]));
    }
  }
  const rt = m.workloads.find((w) => w.name === 'realtime');
  if (rt) {
    out.push('', '| realtime | subscribers | creates | delivered % | deliveries/s | p50 ms | p99 ms | create p50 ms | server CPU % | peak RSS MB | KB per idle subscriber | client CPU % | other CPU % |', '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const kind of kindsOf(rt)) {
      const s = rt.median[kind]!;
      out.push(row([kind, s.subscribers ?? '', s.writes ?? '', fmt(s.deliveredPct ?? 0, 2), fmt(s.reqPerSec, 0), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), fmt(s.writeP50Ms ?? 0, 2), fmt(s.serverCpuPct, 0), mb(s.serverPeakRssKb), fmt(s.idleKbPerSubscriber ?? 0, 1), fmt(s.clientCpuPct, 0), fmt(s.otherCpuPct, 0)]));
    }
  }
  out.push('', '| server | seed posts/s | seed posts s | seed users s | RSS after start MB | RSS idle after seed MB | peak RSS (VmHWM) MB |', '|---|--:|--:|--:|--:|--:|--:|');
  for (const s of m.servers) out.push(row([s.kind, fmt(s.seed.postsPerSec, 0), fmt(s.seed.postsSec, 1), fmt(s.seed.usersSec, 1), mb(s.startRssKb), mb(s.idleRssKb), mb(s.peakRssKb)]));
  if (m.mismatches.length) out.push('', '**Servers disagreed before measuring** (different work is being compared):', '', ...m.mismatches.map((x) => `- ${x}`));
  const targets = renderTargets(m);
  if (targets.length) out.push('', '| target (Plinth) | goal | measured | met |', '|---|---|---|---|', ...targets);
  return out;
}

function renderTargets(m: ModeResult): string[] {
  const out: string[] = [];
  const byName = new Map(m.workloads.map((w) => [w.name, w.median]));
  for (const [name, goal] of Object.entries(throughputTargets)) {
    const med = byName.get(name);
    if (!med?.plinth || !med.pocketbase) continue;
    const got = med.plinth.reqPerSec / med.pocketbase.reqPerSec;
    out.push(row([`${name} req/s vs PocketBase`, `≥ ${goal}×`, `${fmt(got, 2)}×`, got >= goal ? 'yes' : '**no**']));
  }
  const rt = byName.get('realtime');
  if (rt?.plinth && rt.pocketbase) {
    const ok = rt.plinth.p99Ms <= rt.pocketbase.p99Ms && (rt.plinth.deliveredPct ?? 0) >= 100;
    out.push(row(['realtime p99, delivered', `≤ PB (${fmt(rt.pocketbase.p99Ms, 2)} ms), 100%`, `${fmt(rt.plinth.p99Ms, 2)} ms, ${fmt(rt.plinth.deliveredPct ?? 0, 2)}%`, ok ? 'yes' : '**no**']));
  }
  const pl = m.servers.find((s) => s.kind === 'plinth');
  const pb = m.servers.find((s) => s.kind === 'pocketbase');
  if (pl && pb) out.push(row(['peak RSS', `≤ PB (${mb(pb.peakRssKb)} MB)`, `${mb(pl.peakRssKb)} MB`, pl.peakRssKb <= pb.peakRssKb ? 'yes' : '**no**']));
  const c = byName.get(ceilingTarget.workload);
  if (c?.plinth && c.ceiling) {
    const got = c.plinth.reqPerSec / c.ceiling.reqPerSec;
    out.push(row([`${ceilingTarget.workload} req/s vs ceiling`, `≥ ${ceilingTarget.ratio * 100}%`, `${fmt(got * 100, 0)}%`, got >= ceilingTarget.ratio ? 'yes' : '**no**']));
  }
  return out;
}

const order: ServerKind[] = ['plinth', 'pocketbase', 'ceiling'];
const kindsOf = (w: WorkloadSummary) => order.filter((k) => w.median[k]);
const row = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const mb = (kb: number) => fmt(kb / 1024, 1);
const ratio = (s: RunStats, base: RunStats | undefined, show: boolean) => (show && base?.reqPerSec ? `${fmt(s.reqPerSec / base.reqPerSec, 2)}×` : '');
