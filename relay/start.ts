import { CommandDesk } from './commands/command-desk';
import type { RelayConfig } from './config';
import { MqttOutput } from './outputs/mqtt/mqtt-output';
import type { Logger } from './http/deps';
import { jobsModule, type JobsModuleOptions } from './jobs/jobs-module';
import { notifyModule } from './notify/notify-module';
import { orgModule } from './org/org-module';
import { rescheduleContent } from './roulette/reschedule-notice';
import { rouletteModule } from './roulette/roulette-module';
import { consoleLogger, createRelay, type Relay, type RelayModule, type RelayOptions } from './server';
import { createStore } from './store/create-store';
import type { Store } from './store/store';

export interface RunningRelay {
  /** The bound base URL (http://host:port). */
  url: string;
  relay: Relay;
  store: Store;
  /** Graceful stop: stop accepting, end SSE streams, finish in-flight requests, stop the outputs, close the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  extend?: RelayOptions['extend'];
  jobs?: JobsModuleOptions;
  worker?: RelayOptions['worker'];
}

/** The relay's capabilities beyond the personal API, each a folder with its own lifecycle. */
export function relayModules(options: { jobs?: JobsModuleOptions } = {}): RelayModule[] {
  // Roulette mounts first so its job exists when the runner starts; it reaches Graph lazily, as
  // notify does (the Teams bot installs its app through the jobs' Graph). Roulette's suggestion
  // is delivered by notify with the words roulette gives it.
  const notify = notifyModule({ graph: () => jobs.graph(), microsoftCa: options.jobs?.graphCa, contents: rescheduleContent });
  const roulette = rouletteModule(() => jobs.graph(), () => notify.wake());
  const jobs = jobsModule({ ...options.jobs, more: () => roulette.jobs() });
  return [orgModule(), roulette, jobs, notify];
}

/** config → store → server → listen. The second argument is a logger or the start options. */
export async function startRelay(config: RelayConfig, logOrOptions: Logger | StartOptions = {}): Promise<RunningRelay> {
  const options: StartOptions = 'info' in logOrOptions ? { log: logOrOptions } : logOrOptions;
  const log = options.log ?? consoleLogger;
  const store = await createStore({ redisUrl: config.redisUrl ?? undefined, redisCluster: config.redisCluster, dataDir: config.dataDir, historyDays: config.historyDays, log: (msg) => log.info(msg) });
  const relay = createRelay({ config, store, log, defaultMetrics: true, worker: options.worker, extend: options.extend, modules: relayModules({ jobs: options.jobs }) });
  // Outputs carry the status elsewhere; each is stopped before the store closes.
  const mqtt = config.mqtt ? new MqttOutput({ config: config.mqtt, store, desk: new CommandDesk(store), log, metrics: relay.metrics, holder: relay.commands.replica }) : null;
  let url: string;
  try {
    url = await relay.listen();
  } catch (err) {
    await store.close();
    throw err;
  }
  mqtt?.start();
  return {
    url,
    relay,
    store,
    async stop() {
      await relay.close();
      await mqtt?.stop();
      await store.close();
    },
  };
}
