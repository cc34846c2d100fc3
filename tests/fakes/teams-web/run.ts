import { FIXTURE_NAMES } from './fixtures';
import { startTeamsWebFake, teamsWebChromiumArgs } from './server';

/**
 * Run the fake Teams web client by hand: `npx tsx tests/fakes/teams-web/run.ts [port]`.
 * Prints the Chromium flags that map the Teams hostnames to it; Ctrl+C stops it.
 */
const fake = await startTeamsWebFake({ port: Number(process.argv[2] ?? 0) });
console.log(`fake Teams web client on 127.0.0.1:${fake.port}`);
console.log(`open ${fake.url()} in: chromium ${teamsWebChromiumArgs(fake.port).map((a) => `'${a}'`).join(' ')}`);
console.log(`switch state: curl -k -X POST https://127.0.0.1:${fake.port}/__control/state -d '{"state":"in-call-muted"}'`);
console.log(`states: ${FIXTURE_NAMES.join(', ')}`);
process.once('SIGINT', () => void fake.close().then(() => process.exit(0)));
