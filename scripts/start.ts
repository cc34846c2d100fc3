// `npm start` / `npm run demo`: build the parts, run the relay on the embedded store, print where
// everything is; with --demo, also publish a scripted day for "Ada Lovelace". Ctrl+C stops all.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../relay/config';
import { localUrl } from '../relay/lan-address';
import type { Logger } from '../relay/http/deps';
import { consoleLogger } from '../relay/server';
import { startRelay } from '../relay/start';
import { storePlace } from '../relay/store/store-place';
import { startDemo, type DemoSession } from './demo/run-demo';
import { startTeamsSimulator } from './demo/teams-simulator-hook';
import { banner } from './start/banner';
import { buildParts } from './start/build-parts';
import { raiseFdLimit } from './start/fd-limit';

// Before anything else: every viewer's open stream is a file descriptor (start/fd-limit.ts).
await raiseFdLimit();

const ROOT = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const demo = args.has('--demo');
const verbose = args.has('--verbose');
const say = (line: string) => console.log(line);

// Request logs would drown the banner; errors always show, the rest with --verbose.
const log: Logger = { info: verbose ? consoleLogger.info : () => {}, error: consoleLogger.error };

if (!args.has('--no-build')) await buildParts(ROOT, say);

// Workers are the deployed relay's (relay/main.ts); this command serves from one process, so the
// variable is left out before it is read (RELAY_WORKERS > 1 would otherwise demand Redis).
const { RELAY_WORKERS: workers, ...env } = process.env;
if (workers !== undefined) console.error('start: RELAY_WORKERS applies to npm run relay and the image; npm start runs one process');

// npm start means "the embedded store" unless REDIS_URL is set explicitly.
let config;
try {
  config = loadConfig(env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`start: configuration error: ${err.message}`);
  process.exit(1);
}
const dataDir = resolve(config.dataDir);
mkdirSync(dataDir, { recursive: true });

const running = await startRelay(config, log).catch((err: unknown) => {
  console.error(`start: the relay could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') console.error(`start: port ${config.port} is taken; try PORT=8788 npm start`);
  process.exit(1);
});

let session: DemoSession | null = null;
let simulator: Awaited<ReturnType<typeof startTeamsSimulator>> = null;
if (demo) {
  const simPort = process.env.TEAMS_SIMULATOR_PORT?.trim();
  simulator = await startTeamsSimulator(say, { port: simPort ? Number(simPort) : undefined, verbose });
  session = await startDemo({ relayUrl: localUrl(running.url), stateFile: join(dataDir, 'demo-person.json'), log: say }).catch((err: unknown) => {
    console.error(`start: the demo could not start: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
}

// Starting the relay already waited for Redis (RedisStore.connect); the banner says so when it did not come.
const answers = await running.store.ping().then(
  () => true,
  () => false,
);

say(
  banner({
    root: ROOT,
    url: localUrl(running.url),
    publicUrl: config.publicUrl,
    store: config.redisUrl || config.redisCluster ? storePlace(config) : `embedded, in ${dataDir}`,
    storeAnswers: answers,
    color: process.stdout.isTTY,
    demoShareUrl: session?.shareUrl,
    simulator: demo ? (simulator ? `${simulator.url} (a looping meeting; pairing auto-approved)` : 'not started (see above)') : undefined,
  }),
);

let stoppingSince = 0;
async function shutdown(signal: string): Promise<void> {
  if (stoppingSince) {
    // npm and tsx relay the terminal's Ctrl+C to us as well: one press arrives twice at once.
    if (Date.now() - stoppingSince < 1_000) return;
    console.error(`start: ${signal} again, exiting now`);
    process.exit(1);
  }
  stoppingSince = Date.now();
  say(`\nstopping (${signal})…`);
  setTimeout(() => {
    console.error('start: shutdown took too long, exiting');
    process.exit(1);
  }, 10_000).unref();
  try {
    await session?.stop();
    await simulator?.stop();
    await running.stop();
    say('stopped.');
    process.exit(0);
  } catch (err) {
    console.error(`start: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
