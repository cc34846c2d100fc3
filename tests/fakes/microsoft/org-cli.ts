/**
 * The Microsoft fake as an organisation, for benchmarks, demos and manual runs of the relay's jobs:
 *   npx tsx tests/fakes/microsoft/org-cli.ts --people 10000 --latency-ms 1180 --limit 4
 * Prints one JSON line {origin, certFile, clientId, clientSecret}; `GET {origin}/_fake/org` answers
 * its counters. Point the relay at it with GRAPH_AUTHORITY = GRAPH_BASE_URL = origin and
 * NODE_EXTRA_CA_CERTS = certFile.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addPeople, orgOf } from './org-model';
import { FAKE_CLIENT_ID, startMicrosoftFake } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    people: { type: 'string', default: '100' },
    'latency-ms': { type: 'string', default: '0' },
    limit: { type: 'string', default: '4' },
    'throttle-share': { type: 'string', default: '0' },
    'busy-share': { type: 'string', default: '0.3' },
  },
});

const number = (name: keyof typeof values, min: number, max: number): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number from ${min} to ${max} (got "${String(values[name])}")`);
    process.exit(2);
  }
  return n;
};

const fake = await startMicrosoftFake({ port: number('port', 0, 65_535) });
const people = addPeople(fake.state, number('people', 0, 200_000));
const busyShare = number('busy-share', 0, 1);
const now = Date.now();
// Some people are in a meeting now that ends on the hour, some have one later: real-looking calendars.
people.forEach((p, i) => {
  if (i % Math.max(1, Math.round(1 / busyShare)) !== 0 || busyShare === 0) return;
  const hour = Math.ceil(now / 3_600_000) * 3_600_000;
  p.calendar = [
    { start: hour - 3_600_000, end: hour, status: 'busy' },
    { start: hour + 1_800_000, end: hour + 3_600_000, status: i % 3 ? 'tentative' : 'oof' },
  ];
});
Object.assign(orgOf(fake.state).switches, { latencyMs: number('latency-ms', 0, 60_000), concurrencyLimit: number('limit', 1, 1000), throttleShare: number('throttle-share', 0, 1) });
const certFile = join(tmpdir(), `ts-ms-fake-${fake.port}.pem`);
writeFileSync(certFile, fake.cert);
console.log(JSON.stringify({ origin: fake.origin, certFile, clientId: FAKE_CLIENT_ID, clientSecret: orgOf(fake.state).switches.clientSecret }));
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
