/**
 * Realtime fan-out client, run as its own process: many SSE subscribers on `posts/*`
 * (GET + POST /api/realtime, as the JS SDK does), a writer creating public posts at a steady
 * rate, and per-delivery latency from the write's send time to each subscriber's receipt.
 *   node --import tsx bench/realtime.ts CONFIG.json
 */
import { request, type ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { percentile } from './load-client.js';

export interface RealtimeConfig {
  url: string;
  /** Where subscribers connect, spread round-robin (other nodes of a cluster); default `url`. */
  subscribeUrls?: string[];
  subscribers: number;
  writesPerSec: number;
  durationSec: number;
  user: { id: string; token: string };
}

export interface RealtimeResult {
  subscribers: number;
  writes: number;
  writeErrors: number;
  writeP50Ms: number;
  delivered: number;
  expected: number;
  deliveredFraction: number;
  p50Ms: number;
  p99Ms: number;
  clientCpuPct: number;
}

/** After the last write, how long deliveries may still arrive before they count as lost. */
const drainMs = 3000;
/** Subscriptions opened at once: a burst of hundreds of connects is not what we measure. */
const connectConcurrency = 20;

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as RealtimeConfig;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const onEvent = (data: string) => {
    const m = /"title":"rt (\d+)"/.exec(data);
    const t = m && sentAt.get(Number(m[1]));
    if (t !== undefined && t !== null) latencies.push(performance.now() - t);
  };
  const subs: ClientRequest[] = [];
  for (let i = 0; i < cfg.subscribers; i += connectConcurrency) {
    const n = Math.min(connectConcurrency, cfg.subscribers - i);
    const at = (j: number) => (cfg.subscribeUrls?.length ? cfg.subscribeUrls[(i + j) % cfg.subscribeUrls.length] : cfg.url);
    subs.push(...(await Promise.all(Array.from({ length: n }, (_, j) => subscribe(at(j), onEvent)))));
  }

  process.stdout.write('start\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const writes = await writeSteadily(cfg, sentAt);
  const expected = writes.ok * cfg.subscribers;
  const drainEnd = performance.now() + drainMs;
  while (latencies.length < expected && performance.now() < drainEnd) await sleep(50);
  const cpu = process.cpuUsage(cpu0);
  const wallSec = (performance.now() - t0) / 1000;
  for (const s of subs) s.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const out: RealtimeResult = {
    subscribers: subs.length,
    writes: writes.ok,
    writeErrors: writes.errors,
    writeP50Ms: writes.p50Ms,
    delivered: latencies.length,
    expected,
    deliveredFraction: expected ? latencies.length / expected : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    clientCpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / wallSec,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** Opens the SSE stream, waits for PB_CONNECT, subscribes to posts/* anonymously. */
function subscribe(url: string, onEvent: (data: string) => void): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/realtime`, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /api/realtime: ${res.statusCode}`));
      res.setEncoding('utf8');
      let buf = '';
      let connected = false;
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (connected) {
            onEvent(data);
            continue;
          }
          connected = true;
          const { clientId } = JSON.parse(data) as { clientId: string };
          post(`${url}/api/realtime`, { clientId, subscriptions: ['posts/*'] }).then((r) => (r.ok ? resolve(req) : reject(new Error(`POST /api/realtime: ${r.status}`))), reject);
        }
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.end();
  });
}

async function writeSteadily(cfg: RealtimeConfig, sentAt: Map<number, number>): Promise<{ ok: number; errors: number; p50Ms: number }> {
  const total = Math.max(1, Math.round(cfg.writesPerSec * cfg.durationSec));
  const gapMs = 1000 / cfg.writesPerSec;
  const start = performance.now();
  const took: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  for (let seq = 0; seq < total; seq++) {
    // Writes go out on a fixed schedule, not after the previous reply: a slow server gets no breather.
    const wait = start + seq * gapMs - performance.now();
    if (wait > 0) await sleep(wait);
    const t = performance.now();
    sentAt.set(seq, t);
    const body = { title: `rt ${seq}`, public: true, score: seq, author: cfg.user.id };
    inFlight.push(
      post(`${cfg.url}/api/collections/posts/records`, body, cfg.user.token).then(
        (r) => (r.ok ? void took.push(performance.now() - t) : void errors++),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inFlight);
  took.sort((a, b) => a - b);
  return { ok: took.length, errors, p50Ms: percentile(took, 50) };
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = token;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (process.argv[1]?.endsWith('realtime.ts')) await main();
