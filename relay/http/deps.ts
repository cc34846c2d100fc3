import type { CommandStreams } from '../commands/command-streams';
import type { RelayConfig } from '../config';
import type { RelayMetrics } from '../metrics';
import type { Services } from '../services/services';
import type { SseHub } from '../sse/hub';
import type { StoreOutageLog } from '../store/outage-log';
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
  /** This replica's command streams (GET /api/v1/me/commands). */
  commands: CommandStreams;
  log: Logger;
  /** Background loops log a store outage through this, once when it starts and once when it ends. */
  storeOutage: StoreOutageLog;
  now: () => number;
  services: Services;
}
