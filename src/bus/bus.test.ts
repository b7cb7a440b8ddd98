import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Bus } from './bus.js';
import { LocalBus } from './local-bus.js';
import { RemoteBus } from './remote-bus.js';
import { natsTransport, postgresTransport, redisTransport } from './transports.js';

/** The bus contract, written once and run on every implementation against the real services. */
const remote = {
  redis: () => redisTransport('redis://127.0.0.1:6379'),
  nats: () => natsTransport('nats://127.0.0.1:4222'),
  postgres: () => postgresTransport('postgres://postgres@127.0.0.1:5432/test'),
};

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('local bus delivers to local subscribers only while subscribed', async () => {
  const bus = new LocalBus();
  const got: unknown[] = [];
  const off = bus.subscribe('t', (p) => void got.push(p));
  await bus.publish('t', { a: 1 });
  await until(() => got.length === 1);
  off();
  await bus.publish('t', { a: 2 });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(got, [{ a: 1 }]);
});

for (const [name, open] of Object.entries(remote)) {
  describe(`remote bus over ${name}`, () => {
    test('a message published by one process reaches every other process once, and its own locally', async () => {
      // each test run uses its own channel so parallel runs never hear each other
      const channel = 'plinth_test_' + randomBytes(6).toString('hex');
      const a: Bus = await RemoteBus.open(await open(), channel);
      const b: Bus = await RemoteBus.open(await open(), channel);
      try {
        const atA: unknown[] = [];
        const atB: unknown[] = [];
        a.subscribe('records.changed', (p) => void atA.push(p));
        b.subscribe('records.changed', (p) => void atB.push(p));
        b.subscribe('other', () => void atB.push('wrong topic'));
        await a.publish('records.changed', { id: 1 });
        await b.publish('records.changed', { id: 2 });
        await until(() => atA.length === 2 && atB.length === 2);
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(atA.sort((x: any, y: any) => x.id - y.id), [{ id: 1 }, { id: 2 }]);
        assert.deepEqual(atB.sort((x: any, y: any) => x.id - y.id), [{ id: 1 }, { id: 2 }]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
