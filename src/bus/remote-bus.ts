import { randomString } from '../lib/ids.js';
import type { Bus, BusHandler } from './bus.js';
import { LocalBus } from './local-bus.js';

/** What a message broker must offer to carry the bus: publish a string, hear every string. */
export interface Transport {
  send(channel: string, message: string): Promise<void>;
  listen(channel: string, onMessage: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

interface Envelope {
  from: string;
  topic: string;
  payload: unknown;
}

/**
 * A bus shared by processes and nodes through a broker (Redis, NATS, Postgres). Local handlers
 * run at once in-process; every message also goes out once on one channel, and messages from
 * other processes are delivered to local handlers. A process ignores its own echo.
 */
export class RemoteBus implements Bus {
  readonly shared = true;
  private local = new LocalBus();
  private readonly origin = randomString(16);

  private constructor(private transport: Transport, private channel: string) {}

  static async open(transport: Transport, channel = 'plinth_bus'): Promise<RemoteBus> {
    const bus = new RemoteBus(transport, channel);
    await transport.listen(channel, (raw) => bus.receive(raw));
    return bus;
  }

  private receive(raw: string) {
    let env: Envelope;
    try {
      env = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (env.from !== this.origin) void this.local.publish(env.topic, env.payload);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.local.publish(topic, payload);
    await this.transport.send(this.channel, JSON.stringify({ from: this.origin, topic, payload } satisfies Envelope));
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.local.subscribe(topic, handler);
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.transport.close();
  }
}
