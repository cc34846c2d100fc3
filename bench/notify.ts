// Notification benchmark: 1,000 status changes of 100 people, each with a webhook channel, from
// the write to the receiver (signed, through the SSRF guard, one replica over the embedded store).
// Printed beside a same-run baseline: the same number of plain POSTs sent straight to the same
// receiver with the same concurrency (the floor this machine allows for the HTTP part alone).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../relay/config';
import { notifyModule } from '../relay/notify/notify-module';
import { createRelay } from '../relay/server';
import { EmbeddedStore } from '../relay/store/embedded-store';

const PEOPLE = 100;
const CHANGES_EACH = 10;
const TOTAL = PEOPLE * CHANGES_EACH;
const CONCURRENCY = 20;

const seen = new Set<string>();
let waiter: (() => void) | null = null;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    seen.add(String(req.headers['webhook-id'] ?? `plain-${seen.size}`));
    res.writeHead(204).end();
    if (seen.size >= TOTAL) waiter?.();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const allArrived = () => new Promise<void>((r) => (seen.size >= TOTAL ? r() : (waiter = r)));

async function pool(n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await task(next++);
  }));
}

// Baseline: plain POSTs with a JSON body of the same size, CONCURRENCY at a time.
const body = JSON.stringify({ type: 'status.changed', id: 'evt_x', at: new Date().toISOString(), person: { displayName: 'Person 1' }, status: { availability: 'Busy', label: 'Busy' } });
const t0 = performance.now();
await pool(TOTAL, (i) => new Promise<void>((ok, fail) => {
  const req = request(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': `base-${i}` }, agent: false }, (res) => res.resume().on('end', ok));
  req.on('error', fail);
  req.end(body);
}));
const baselineMs = performance.now() - t0;
seen.clear();

const dir = mkdtempSync(join(tmpdir(), 'ts-bench-notify-'));
const store = await EmbeddedStore.open({ dataDir: dir, historyDays: 30, log: () => {} });
const config = loadConfig({ PORT: '0', RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_TOKEN: '10000000', RATE_LIMIT_REGISTRATIONS: '10000000', NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_DEBOUNCE_SECONDS: '0', NOTIFY_POLL_MS: '50' });
const relay = createRelay({ config, store, log: { info: () => {}, error: (m, e) => console.error(m, e) }, modules: [notifyModule()] });
const base = await relay.listen();
const json = async (method: string, path: string, token: string | null, payload: unknown) => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(payload) });
  return (await res.json()) as Record<string, string>;
};
const people: string[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const { token } = await json('POST', '/api/v1/users', null, { displayName: `Person ${i}` });
  if (!token) throw new Error('registration refused; the bench needs an open relay without limits');
  const ch = await json('POST', '/api/v1/me/channels', token!, { type: 'webhook', url: hook });
  await json('PUT', '/api/v1/me/rules', token!, { rules: [{ channelId: ch.id, when: 'any-change' }] });
  people.push(token!);
}
const writes: number[] = [];
const start = performance.now();
let clock = Date.now() - 3_600_000;
await pool(TOTAL, async (i) => {
  const token = people[i % PEOPLE]!;
  const w = performance.now();
  await json('PUT', '/api/v1/me/sources/manual', token, { observedAt: new Date((clock += 10)).toISOString(), availability: Math.floor(i / PEOPLE) % 2 === 0 ? 'Busy' : 'Available' });
  writes.push(performance.now() - w);
});
const written = performance.now() - start;
await allArrived();
const deliveredMs = performance.now() - start;
await relay.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
receiver.close();

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`status writes with their queue entry: ${TOTAL} in ${written.toFixed(0)} ms; PUT p50 ${pct(writes, 50).toFixed(1)} ms, p95 ${pct(writes, 95).toFixed(1)} ms`);
console.log(`all ${TOTAL} delivered (signed, guarded, recorded) ${deliveredMs.toFixed(0)} ms after the first write: ${(TOTAL / (deliveredMs / 1000)).toFixed(0)} deliveries/s`);
console.log(`baseline: ${TOTAL} plain POSTs to the same receiver in ${baselineMs.toFixed(0)} ms (${(TOTAL / (baselineMs / 1000)).toFixed(0)}/s); ratio ${(deliveredMs / baselineMs).toFixed(2)}×`);
