import type { RelayConfig } from './config';
import type { Logger } from './http/deps';
import { consoleLogger, createRelay, type Relay, type RelayOptions } from './server';
import { createStore } from './store/create-store';
import type { Store } from './store/store';

export interface RunningRelay {
  /** The bound base URL (http://host:port). */
  url: string;
  relay: Relay;
  store: Store;
  /** Graceful stop: stop accepting, end SSE streams, finish in-flight requests, close the store. */
  stop(): Promise<void>;
}

/** config → store → server → listen. The process entry (main.ts) and in-process tests use it. */
export async function startRelay(config: RelayConfig, log: Logger = consoleLogger, options: { extend?: RelayOptions['extend'] } = {}): Promise<RunningRelay> {
  const store = await createStore({ redisUrl: config.redisUrl ?? undefined, dataDir: config.dataDir, historyDays: config.historyDays, log: (msg) => log.info(msg) });
  const relay = createRelay({ config, store, log, defaultMetrics: true, extend: options.extend });
  let url: string;
  try {
    url = await relay.listen();
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    url,
    relay,
    store,
    async stop() {
      await relay.close();
      await store.close();
    },
  };
}
