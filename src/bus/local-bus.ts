import type { Bus, BusHandler } from './bus.js';

/** In-process bus: handlers run on the next microtask so a publisher never waits on listeners. */
export class LocalBus implements Bus {
  readonly shared = false;
  private handlers = new Map<string, Set<BusHandler>>();

  async publish(topic: string, payload: unknown): Promise<void> {
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const h of [...set]) {
      queueMicrotask(() => {
        Promise.resolve()
          .then(() => h(payload))
          .catch(() => undefined);
      });
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set!.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
