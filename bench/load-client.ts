/**
 * The load client, run as its own process (pinned apart from the server): autocannon over a
 * request list, then one JSON line on stdout with throughput, exact latencies and its own CPU.
 *   node --import tsx bench/load-client.ts CONFIG.json
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import type { RequestSpec } from './workloads.js';

export interface LoadConfig {
  url: string;
  connections: number;
  durationSec: number;
  requests: RequestSpec[];
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  errors: number;
  clientCpuPct: number;
  /** First status other than 2xx, to explain errors. */
  firstBadStatus?: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadConfig;
  // autocannon's own histogram keeps whole milliseconds; sub-millisecond medians need the raw times.
  let times = new Float64Array(1 << 16);
  let ok = 0;
  let firstBadStatus: number | undefined;
  // Tells the bench that the load starts now, so it watches the server over the load alone.
  process.stdout.write('start\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const options = {
    url: cfg.url,
    connections: cfg.connections,
    duration: cfg.durationSec,
    requests: cfg.requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body })),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status < 200 || status >= 300) {
        firstBadStatus ??= status;
        return;
      }
      if (ok === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[ok++] = ms;
    });
  });
  const wallSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = times.subarray(0, ok).sort();
  const out: LoadResult = {
    reqPerSec: ok / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    ok,
    errors: result.errors + result.timeouts + result.non2xx,
    clientCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / wallSec,
    firstBadStatus,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[1]?.endsWith('load-client.ts')) await main();
