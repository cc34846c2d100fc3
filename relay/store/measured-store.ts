import type { RelayMetrics } from '../metrics';
import { StoreUnavailableError, type Store } from './store';

/** Not round trips: local bookkeeping, or calls that last as long as the process. */
const UNMEASURED = new Set<string>(['subscribe', 'onResync', 'close']);

/**
 * The same store, with every call timed and every unavailability counted by operation name, so
 * a new Store method is measured without anyone remembering to. Other errors (conflicts, unknown
 * people) are answers, not store failures, and are only timed.
 */
export function measuredStore(store: Store, metrics: Pick<RelayMetrics, 'storeDuration' | 'storeErrors'>): Store {
  // Each method is wrapped once, with its labelled timer, not on every call (keyed by the
  // function itself, so a store that hands out another function gets that one measured).
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string' || UNMEASURED.has(key)) {
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      const method = value as (...a: unknown[]) => Promise<unknown>;
      const known = wrapped.get(method);
      if (known) return known;
      const timer = metrics.storeDuration.labels({ operation: key });
      const measured = async (...args: unknown[]) => {
        const end = timer.startTimer();
        try {
          return await method.apply(target, args);
        } catch (err) {
          if (err instanceof StoreUnavailableError) metrics.storeErrors.inc({ operation: key });
          throw err;
        } finally {
          end();
        }
      };
      wrapped.set(method, measured);
      return measured;
    },
  });
}
