// The relay process: environment → config → store → HTTP server; graceful stop on SIGTERM/SIGINT.
import { ConfigError, loadConfig, type RelayConfig } from './config';
import { peopleCli } from './org/people-cli';
import { rouletteCli } from './roulette/roulette-cli';
import { startRelay } from './start';

async function serve(): Promise<void> {
  let config: RelayConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`relay: configuration error: ${err.message}`);
    process.exit(1);
  }

  const running = await startRelay(config).catch((err: unknown) => {
    console.error(`relay: could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });

  console.log(`relay listening on ${running.url}`);
  console.log(`store: ${config.redisCluster ? `redis cluster (${config.redisCluster.nodes.join(',')})` : config.redisUrl ? `redis (${new URL(config.redisUrl).host})` : `embedded (${config.dataDir})`}`);
  if (config.mqtt) console.log(`mqtt: ${new URL(config.mqtt.url).host} (topics under ${config.mqtt.prefix}/, discovery under ${config.mqtt.discoveryPrefix}/)`);
  console.log(`share links: ${config.publicUrl}/s/<shareId>  registration: ${config.registration}`);

  let stopping = false;
  function shutdown(signal: string): void {
    if (stopping) {
      console.error(`relay: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`relay: ${signal} received, shutting down`);
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
}

// `relay people …` is the roster's command line: it talks to a running relay and ends (exitCode
// rather than exit(), so piped output is flushed first).
if (process.argv[2] === 'people') process.exitCode = await peopleCli(process.argv.slice(3));
else if (process.argv[2] === 'roulette') process.exitCode = await rouletteCli(process.argv.slice(3));
else await serve();
