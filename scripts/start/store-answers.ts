import type { Store } from '../../relay/store/store';

/** How often start-up asks the store again while it waits. */
const ASK_EVERY_MS = 200;

/**
 * Whether the store answers its ping within `withinMs`: `npm start` waits this briefly so that
 * its banner can say plainly when Redis is not there, rather than suggest all is well while
 * every request gets a 503. The Redis client connects in the background, so the first pings
 * of a healthy start may fail too.
 */
export async function storeAnswers(store: Pick<Store, 'ping'>, withinMs: number, now: () => number = Date.now): Promise<boolean> {
  const deadline = now() + withinMs;
  for (;;) {
    try {
      await store.ping();
      return true;
    } catch {
      if (now() + ASK_EVERY_MS > deadline) return false;
      await new Promise((r) => setTimeout(r, ASK_EVERY_MS));
    }
  }
}
