/**
 * A hook is a chain of handlers. Each handler gets the event and calls `e.next()` to continue;
 * the built-in behaviour is the last link, so user code can run before it, after it, or stop it.
 */

export interface HookEvent {
  next(): Promise<void>;
}

export type Handler<E extends HookEvent> = (e: E) => Promise<void> | void;

interface Binding<E extends HookEvent> {
  id: number;
  handler: Handler<E>;
  /** Collection ids/names this handler is limited to; empty = all. */
  tags: string[];
  priority: number;
}

let nextBindingId = 0;

export class Hook<E extends HookEvent> {
  private bindings: Binding<E>[] = [];

  /** Adds a handler; lower priority runs first. Returns an id for `unbind`. */
  bind(handler: Handler<E>, opts: { tags?: string[]; priority?: number } = {}): number {
    const b = { id: ++nextBindingId, handler, tags: opts.tags ?? [], priority: opts.priority ?? 0 };
    this.bindings = [...this.bindings, b].sort((a, c) => a.priority - c.priority);
    return b.id;
  }

  unbind(id: number): void {
    this.bindings = this.bindings.filter((b) => b.id !== id);
  }

  get length(): number {
    return this.bindings.length;
  }

  /** Runs the chain for an event whose tags are `tags`, ending with `last`. */
  async trigger(event: Omit<E, 'next'>, last: (e: E) => Promise<void> | void, tags: string[] = []): Promise<void> {
    const chain = this.bindings.filter((b) => !b.tags.length || b.tags.some((t) => tags.includes(t)));
    const e = event as E;
    let index = 0;
    const run = async (): Promise<void> => {
      const b = chain[index++];
      if (b) {
        e.next = run;
        await b.handler(e);
      } else {
        e.next = async () => undefined;
        await last(e);
      }
    };
    await run();
  }
}
