// Each client library is imported when its transport is chosen: a single node loads none.
import type { Transport } from './remote-bus.js';

/** Redis pub/sub: one connection publishes, a second one is in subscriber mode. */
export async function redisTransport(url: string): Promise<Transport> {
  const { Redis } = await import('ioredis');
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    send: async (channel, message) => void (await pub.publish(channel, message)),
    listen: async (channel, onMessage) => {
      sub.on('message', (ch: string, m: string) => ch === channel && onMessage(m));
      await sub.subscribe(channel);
    },
    close: async () => {
      sub.disconnect();
      await pub.quit();
    },
  };
}

/** NATS core subjects: at-most-once fan-out to every connected node. */
export async function natsTransport(url: string): Promise<Transport> {
  const { connect: natsConnect } = await import('nats');
  const nc = await natsConnect({ servers: url.replace(/^nats:\/\//, '') });
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return {
    send: async (subject, message) => nc.publish(subject, enc.encode(message)),
    listen: async (subject, onMessage) => {
      const sub = nc.subscribe(subject);
      void (async () => {
        for await (const m of sub) onMessage(dec.decode(m.data));
      })();
    },
    close: async () => nc.drain(),
  };
}

/** Postgres LISTEN/NOTIFY; payloads over the 8000-byte NOTIFY limit are refused by the server. */
export async function postgresTransport(url: string): Promise<Transport> {
  const { default: pg } = await import('pg');
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  return {
    send: async (channel, message) => void (await sender.query('SELECT pg_notify($1, $2)', [channel, message])),
    listen: async (channel, onMessage) => {
      listener.on('notification', (n) => n.channel === channel && n.payload !== undefined && onMessage(n.payload));
      await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    },
    close: async () => {
      await Promise.all([listener.end(), sender.end()]);
    },
  };
}

/** Picks a transport from a URL's scheme: redis://, nats://, postgres://. */
export async function transportFor(url: string): Promise<Transport> {
  const scheme = new URL(url).protocol.replace(':', '');
  if (scheme === 'redis' || scheme === 'rediss') return redisTransport(url);
  if (scheme === 'nats') return natsTransport(url);
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresTransport(url);
  throw new Error(`unsupported bus URL scheme "${scheme}" (use redis://, nats:// or postgres://)`);
}
