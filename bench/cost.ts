/**
 * Quick A/B while optimising: CPU microseconds per request of one server per workload, which
 * stays comparable on a machine shared with other work (wall-clock req/s does not).
 *   node --import tsx bench/cost.ts [plinth|pocketbase] [workload,...] [--posts=N] [--duration=S]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './measure.js';
import { seed } from './seed.js';
import { startServer, type ServerKind } from './servers.js';
import { workloads } from './workloads.js';

const args = process.argv.slice(2);
const flag = (n: string, d: number) => Number(args.find((a) => a.startsWith(`--${n}=`))?.split('=')[1] ?? d);
const plain = args.filter((a) => !a.startsWith('--'));
const kind = (plain[0] ?? 'plinth') as ServerKind;
const names = (plain[1] ?? 'get-one,create').split(',');
const root = mkdtempSync(join(tmpdir(), 'plinth-cost-'));
const server = await startServer(kind, { root, cpus: '0' });
try {
  const s = await seed(kind, server.url, { posts: flag('posts', 2000), users: 20 });
  for (const name of names) {
    const w = workloads.find((x) => x.name === name)!;
    const settings = { root, clientCpus: '1', durationSec: flag('duration', 6), connections: 50, subscribers: 200, writesPerSec: 50 };
    await measure(server, w, s, { ...settings, durationSec: 2 });
    const r = await measure(server, w, s, settings);
    const us = (r.serverCpuPct / 100) * 1e6 / r.reqPerSec;
    process.stdout.write(`${kind} ${name}: ${r.reqPerSec.toFixed(0)} req/s, server CPU ${r.serverCpuPct.toFixed(0)}%, ${us.toFixed(0)} µs CPU/req, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}, peak RSS ${(r.serverPeakRssKb / 1024).toFixed(0)} MB\n`);
  }
} finally {
  await server.stop();
}
