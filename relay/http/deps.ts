import type { RelayConfig } from '../config';
import type { RelayMetrics } from '../metrics';
import type { Services } from '../services/services';
import type { SseHub } from '../sse/hub';
import type { Store } from '../store/store';

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What every route may use; built once by the composition root. */
export interface Deps {
  config: RelayConfig;
  store: Store;
  metrics: RelayMetrics;
  hub: SseHub;
  log: Logger;
  now: () => number;
  services: Services;
}
