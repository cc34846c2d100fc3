// The relay process: environment → config → store → HTTP server; graceful stop on SIGTERM/SIGINT.
// With RELAY_WORKERS > 1 this process is the primary of that many workers (relay/cluster/), each
// of which runs serve() below.
import cluster from 'node:cluster';
import { runPrimary } from './cluster/primary';
import { SLOT_VARIABLE, workerLink } from './cluster/worker-link';
import { ConfigError, loadConfig, type RelayConfig } from './config';
import { peopleCli } from './org/people-cli';
import { rouletteCli } from './roulette/roulette-cli';
import { startRelay } from './start';

function configOrExit(): RelayConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`relay: configuration error: ${err.message}`);
    process.exit(1);
  }
}

/** The lines that say the relay is up (the listening line is the one scripts and tests wait for). */
function announce(config: RelayConfig, url: string): void {
  console.log(`relay listening on ${url}${config.workers > 1 ? ` (${config.workers} workers)` : ''}`);
  console.log(`store: ${config.redisCluster ? `redis cluster (${config.redisCluster.nodes.join(',')})` : config.redisUrl ? `redis (${new URL(config.redisUrl).host})` : `embedded (${config.dataDir})`}`);
  if (config.mqtt) console.log(`mqtt: ${new URL(config.mqtt.url).host} (topics under ${config.mqtt.prefix}/, discovery under ${config.mqtt.discoveryPrefix}/)`);
  console.log(`share links: ${config.publicUrl}/s/<shareId>  registration: ${config.registration}`);
}

async function serve(config: RelayConfig, ownWorker: boolean): Promise<void> {
  // A worker reports to its primary instead of announcing itself (the primary speaks for all).
  const link = ownWorker ? workerLink() : null;
  const running = await startRelay(config, { worker: link?.metrics }).catch((err: unknown) => {
    console.error(`relay: could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });

  if (link) link.listening(running.url);
  else announce(config, running.url);

  let stopping = false;
  // A terminal's Ctrl+C (or a control group's SIGTERM) reaches the primary and its workers alike,
  // so a worker gets both its own signal and the primary's stop, in either order: one request.
  let echoPending = false;
  function shutdown(signal: string, fromPrimary = false): void {
    if (stopping) {
      if (fromPrimary) return;
      if (echoPending) {
        echoPending = false;
        return;
      }
      console.error(`relay: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    echoPending = fromPrimary;
    // A worker's line names it: the primary's log interleaves all of them.
    console.log(link ? `relay: worker ${link.metrics.slot} (pid ${process.pid}) shutting down (${signal})` : `relay: ${signal} received, shutting down`);
    // Never hang a deploy: if something refuses to close, leave anyway.
    setTimeout(() => {
      console.error('relay: shutdown took too long, exiting');
      process.exit(1);
    }, 15_000).unref();
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`relay: error while shutting down: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  link?.onStop(shutdown);
}

// `relay people …` is the roster's command line: it talks to a running relay and ends (exitCode
// rather than exit(), so piped output is flushed first).
if (process.argv[2] === 'people') process.exitCode = await peopleCli(process.argv.slice(3));
else if (process.argv[2] === 'roulette') process.exitCode = await rouletteCli(process.argv.slice(3));
else {
  const config = configOrExit();
  // Only a process our own primary forked is a worker of it (it sets the slot variable); under
  // another cluster launcher (PM2 cluster mode, throng) this process is a relay of its own.
  const ownWorker = cluster.isWorker && process.env[SLOT_VARIABLE] !== undefined;
  if (config.workers > 1 && cluster.isPrimary) runPrimary(config, (url) => announce(config, url));
  else if (config.workers > 1 && !ownWorker) {
    // node:cluster cannot fork from a process that is itself a cluster worker.
    console.error('relay: configuration error: RELAY_WORKERS cannot fork workers here: this process is already a worker of another cluster launcher (PM2 cluster mode, throng); let that launcher start the processes and leave RELAY_WORKERS at 1');
    process.exit(1);
  } else await serve(config, ownWorker);
}
