import type { StoreEvent } from './store';

/**
 * The listeners of one store instance. A throwing listener is logged and skipped, so one bad
 * subscriber (say, a broken SSE socket) cannot stop the others or fail the write that fired it.
 */
export class EventHub {
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly log: (msg: string) => void) {}

  subscribe(listener: (event: StoreEvent) => void): () => void {
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry = (event: StoreEvent) => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(event: StoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log(`store: a ${event.type} event listener threw: ${String(err)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
