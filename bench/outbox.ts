/**
 * `node --import tsx bench/outbox.ts [writes]`: the outbox's cost and speed, one process, SQLite.
 * - writes/s through the HTTP API without and with an active webhook (alternated, same run);
 * - delivery throughput: a backlog of webhook events drained to a local receiver (events/s).
 * The receiver runs in a worker thread so it does not share the server's event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '../src/app/app.js';
import { buildServer } from '../src/http/server.js';

process.env.PLINTH_WEBHOOKS_ALLOW_PRIVATE = '1';
const writes = Number(process.argv[2] ?? 2000);
/** Requests in flight from the load loop. */
const concurrency = 16;

const receiverSource = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
let n = 0;
const srv = createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(200).end(); }); });
srv.keepAliveTimeout = 60000;
srv.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: srv.address().port }));
parentPort.on('message', () => parentPort.postMessage({ count: n }));
`;

async function main() {
  const receiver = new Worker(receiverSource, { eval: true });
  const port = await new Promise<number>((r) => receiver.once('message', (m) => r(m.port)));
  const received = () => new Promise<number>((r) => { receiver.once('message', (m) => r(m.count)); receiver.postMessage('count'); });

  const dir = mkdtempSync(join(tmpdir(), 'plinth-bench-outbox-'));
  const app = await createApp({ dataDir: dir });
  const server = await buildServer(app, { logLevel: 'silent' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  await app.collections.create({ name: 'items', type: 'base', fields: [{ name: 'n', type: 'number' }, { name: 'note', type: 'text' }], createRule: '' });

  const load = async (count: number) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        const res = await fetch(url + '/api/collections/items/records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n, note: 'bench' }) });
        if (res.status !== 200) throw new Error(`write failed: ${res.status}`);
        await res.arrayBuffer();
      }
    }));
    return count / ((performance.now() - t0) / 1000);
  };
  const drained = async () => {
    for (;;) {
      const r = await app.store.get<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox WHERE status = 'pending'");
      if (Number(r?.n) === 0) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  await load(writes); // warm-up: JIT, page cache
  const hook = await app.webhooks.create({ url: `http://127.0.0.1:${port}/in`, collections: ['items'], actions: ['create'] });
  const without: number[] = [];
  const withHook: number[] = [];
  const appendOnly: number[] = [];
  for (let round = 0; round < 5; round++) {
    await app.webhooks.update(hook.id, { enabled: false });
    without.push(await load(writes));
    await app.webhooks.update(hook.id, { enabled: true });
    withHook.push(await load(writes));
    await drained();
    // the same writes with the dispatcher paused: the cost of the outbox row alone
    await app.outbox.stop();
    appendOnly.push(await load(writes));
    app.outbox.start();
    await drained();
  }

  // delivery: a backlog written while the dispatcher is stopped, then drained
  await app.outbox.stop();
  await load(writes);
  const before = await received();
  const t0 = performance.now();
  app.outbox.start();
  await drained();
  const deliverySecs = (performance.now() - t0) / 1000;
  const delivered = (await received()) - before;

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  process.stdout.write(
    `writes/s without webhook: ${fmt(median(without))} (runs ${without.map(fmt).join(', ')})\n` +
    `writes/s with webhook:    ${fmt(median(withHook))} (runs ${withHook.map(fmt).join(', ')})\n` +
    `writes/s with webhook, dispatcher paused (outbox append only): ${fmt(median(appendOnly))} (runs ${appendOnly.map(fmt).join(', ')})\n` +
    `delivery: ${delivered} events in ${deliverySecs.toFixed(2)} s = ${fmt(delivered / deliverySecs)} events/s (concurrency ${app.outbox.options.concurrency})\n`,
  );
  await server.close();
  await app.close();
  await receiver.terminate();
  rmSync(dir, { recursive: true, force: true });
}

await main();
