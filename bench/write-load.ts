// The write rows of bench:relay: authenticated status PUTs under autocannon, with the relay's
// store calls per write counted from its own /metrics (relay_store_operation_duration_seconds).
import autocannon from 'autocannon';

import { post } from './launch';

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

/** `tokens`: people to write as, in turn (one person's writes queue behind each other, as they should). */
export async function load(target: string, url: string, connections: number, tokens: readonly string[], metricsBase?: string): Promise<Row> {
  // Each write is newer than the last and flips the call state, so every one is applied,
  // resolved, appended to history and published (the expensive path).
  let n = 0;
  const t0 = Date.now() - 60_000;
  const before = metricsBase ? await storeCalls(metricsBase) : 0;
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
          return { ...req, headers, body: JSON.stringify({ observedAt: new Date(t0 + n).toISOString(), call: k % 2 ? { inCall: true, muted: false } : null }) };
        },
      },
    ],
  });
  const calls = metricsBase ? ((await storeCalls(metricsBase)) - before) / Math.max(1, result.requests.total) : undefined;
  return { target, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, storeCalls: calls };
}
