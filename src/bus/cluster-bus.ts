import cluster, { type Worker } from 'node:cluster';
import type { Bus, BusHandler } from './bus.js';
import { LocalBus } from './local-bus.js';

/** Message shape carried over the cluster IPC channel. */
interface BusMessage {
  plinthBus: true;
  topic: string;
  payload: unknown;
}

const isBusMessage = (m: unknown): m is BusMessage => !!m && typeof m === 'object' && (m as BusMessage).plinthBus === true;

/**
 * Bus for worker processes on one machine: local handlers run in-process, and every message is
 * relayed through the primary to the other workers. Same contract as the bus between nodes.
 */
export class ClusterBus implements Bus {
  readonly shared = true;
  private local = new LocalBus();
  private onMessage = (m: unknown) => {
    if (isBusMessage(m)) void this.local.publish(m.topic, m.payload);
  };

  constructor() {
    process.on('message', this.onMessage);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.local.publish(topic, payload);
    process.send?.({ plinthBus: true, topic, payload } satisfies BusMessage);
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.local.subscribe(topic, handler);
  }

  async close(): Promise<void> {
    process.off('message', this.onMessage);
    await this.local.close();
  }
}

/** In the primary: forwards each worker's bus messages to every other worker. */
export function relayClusterBus(): void {
  cluster.on('message', (from: Worker, m: unknown) => {
    if (!isBusMessage(m)) return;
    for (const w of Object.values(cluster.workers ?? {})) {
      if (w && w.id !== from.id && w.isConnected()) w.send(m);
    }
  });
}
