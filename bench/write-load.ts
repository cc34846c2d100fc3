// The write rows of bench:relay: authenticated status PUTs under autocannon, with the relay's
// store calls per write counted from its own /metrics (relay_store_operation_duration_seconds).
import autocannon from 'autocannon';

import { cpuMs, post } from './launch';

export const SECONDS = 5;
/** People the write rows write as, in turn: an organisation, not one person hammering. */
export const PEOPLE = 200;

export async function registerPeople(base: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push((await post(`${base}/api/v1/users`, { displayName: `Bench ${i}` })).token as string);
  return tokens;
}

export interface Row {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Store calls per write (relay rows only). */
  storeCalls?: number;
  /** CPU time the server process (and its Redis) spent per request: less sensitive to other work on the machine than writes/s. */
  cpuUs?: { server: number; redis?: number };
}

const cpuSeconds = (pid: number | undefined): number | null => {
  const ms = cpuMs(pid);
  return ms === null ? null : ms / 1000;
};

/** Processes whose CPU a row counts: the server answering it, and the Redis it writes to. */
export interface Measured {
  server?: number;
  redis?: number;
}

/**
 * The store operations a status write makes, counted on a relay's /metrics (the address limit,
 * the token lookup, the person's limit and the apply). Background work meanwhile (the
 * notification worker reading each change's person, scrapes) is not the write's and is left out.
 */
const WRITE_PATH = new Set(['authorise', 'rateLimit', 'applyReport']);

export async function storeCalls(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^relay_store_operation_duration_seconds_count\{operation="(\w+)"\} (\d+)/gm)) if (WRITE_PATH.has(m[1]!)) n += Number(m[2]);
  return n;
}

/** The newest observedAt (ms) any row of this process has sent. */
let sentUpTo = 0;

/** `tokens`: people to write as, in turn (one person's writes queue behind each other, as they should). */
export async function load(target: string, url: string, connections: number, tokens: readonly string[], metricsBase?: string, measured: Measured = {}): Promise<Row> {
  // Each write is newer than its person's last and flips their call state, so every one is
  // applied, resolved, appended to history and published (the expensive path). A row starts
  // after the newest time the rows before it sent: a fast row must not leave the next one
  // sending times its people already passed (those writes would not be applied, and be cheap).
  let n = 0;
  const t0 = Math.max(Date.now() - 60_000, sentUpTo + 1);
  const before = metricsBase ? await storeCalls(metricsBase) : 0;
  const cpuBefore = [cpuSeconds(measured.server), cpuSeconds(measured.redis)];
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          const token = tokens[n % Math.max(1, tokens.length)];
          const headers = { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
          // Each person's writes alternate in and out of a call, each newer than their last.
          const k = Math.floor(n / Math.max(1, tokens.length));
          return { ...req, headers, body: JSON.stringify({ observedAt: new Date(t0 + k).toISOString(), call: k % 2 ? { inCall: true, muted: false } : null }) };
        },
      },
    ],
  });
  // Only writes as people move their times on; the floors' rows have none (counting theirs put the
  // next relay rows' times minutes ahead, past what the relay accepts).
  if (tokens.length) sentUpTo = Math.max(sentUpTo, t0 + Math.floor(n / tokens.length));
  const cpuAfter = [cpuSeconds(measured.server), cpuSeconds(measured.redis)];
  const calls = metricsBase ? ((await storeCalls(metricsBase)) - before) / Math.max(1, result.requests.total) : undefined;
  const perRequest = (i: number) => (cpuBefore[i] != null && cpuAfter[i] != null ? ((cpuAfter[i]! - cpuBefore[i]!) * 1e6) / Math.max(1, result.requests.total) : undefined);
  const server = perRequest(0);
  const cpuUs = server === undefined ? undefined : { server, redis: perRequest(1) };
  return { target, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, storeCalls: calls, cpuUs };
}
