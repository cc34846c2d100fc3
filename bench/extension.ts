// Extension benchmark: bundle sizes of the built extension (raw and gzip), the popup's time to
// first render in real Chromium, and end-to-end latency from a Teams desktop frame to the
// relay's SSE event. Numbers, not pass/fail. Run: npm run bench:extension
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createParser } from 'eventsource-parser';
import type { BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../relay/config';
import { createRelay } from '../relay/server';
import { createStore } from '../relay/store/create-store';
import { freePort } from './free-port';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist', 'extension');
const POPUP_RUNS = 20;
const CHANGES = 100;

// The Teams simulator and the Chromium launcher live with the tests; they are loaded at run
// time (tsx) so the tools project need not compile the tests. Only what is used is typed here.
interface Simulator {
  url: string;
  startMeeting(): void;
  setState(partial: { isMuted?: boolean }): void;
  close(): Promise<void>;
}
interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  openPage(path: string): Promise<Page>;
  message<T>(type: string, payload: unknown): Promise<T>;
  close(): Promise<void>;
}
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, path)).href)) as T;

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** An entry file plus every chunk it imports statically, transitively. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+\.js)["']/g)) {
    const spec = m[1] ?? '';
    closure(spec.startsWith('/') ? join(DIST, spec) : resolve(dirname(file), spec), seen);
  }
  return seen;
}

function sizeOf(files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { raw, gzip };
}

function bundleSizes(): Record<string, { raw: number; gzip: number }> {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as { background: { service_worker: string }; content_scripts: { js: string[] }[] };
  const popupHtml = readFileSync(join(DIST, 'extension', 'popup', 'index.html'), 'utf8');
  const popupFiles = new Set<string>();
  for (const m of popupHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
    const f = join(DIST, m[1] ?? '');
    if (f.endsWith('.js')) closure(f, popupFiles);
    else popupFiles.add(f);
  }
  const content = new Set(manifest.content_scripts.flatMap((c) => c.js).map((f) => join(DIST, f)));
  return {
    'popup (JS + CSS)': sizeOf(popupFiles),
    'service worker': sizeOf(closure(join(DIST, manifest.background.service_worker))),
    'content script': sizeOf(content),
  };
}

/** Navigation start → first contentful paint, and → the status line rendered from the worker's state. */
async function popupFirstRender(ext: ExtensionBrowser): Promise<{ fcp: number[]; status: number[] }> {
  const fcp: number[] = [];
  const status: number[] = [];
  for (let i = 0; i < POPUP_RUNS + 2; i++) {
    const page = await ext.openPage('extension/popup/index.html');
    // Runs in the page; typed loosely because the tools project has no DOM types.
    const probe = () => ((globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.status-label') ? performance.now() : 0);
    const shown = await (await page.waitForFunction(probe, undefined, { polling: 'raf' })).jsonValue();
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    await page.close();
    if (i < 2) continue; // warm-up: the first opens compile the bundle
    status.push(shown);
    fcp.push(paint);
  }
  return { fcp, status };
}

/** Baseline for the popup: first contentful paint of a one-line page in the same browser. */
async function trivialPageFirstPaint(ext: ExtensionBrowser): Promise<number[]> {
  const fcp: number[] = [];
  for (let i = 0; i < POPUP_RUNS + 2; i++) {
    const page = await ext.context.newPage();
    await page.goto('data:text/html,<p>baseline</p>');
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    await page.close();
    if (i >= 2) fcp.push(paint);
  }
  return fcp;
}

/** Baseline for the end-to-end latency: the same mute change PUT straight to the relay, no extension in between. */
async function directPublishLatency(relayUrl: string): Promise<number[]> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${relayUrl}${path}`, {
      method: path.startsWith('/api/v1/me/sources') ? 'PUT' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; share: { id: string } };
  };
  const user = await post('/api/v1/users', { displayName: 'Baseline' });
  await post('/api/v1/me/share', { level: 'detailed' }, user.token);
  return muteLatencies(`${relayUrl}/api/v1/s/${user.share.id}/events`, (muted) =>
    post('/api/v1/me/sources/teams-local', { observedAt: new Date().toISOString(), call: { inCall: true, muted } }, user.token),
  );
}

/** Flip mute CHANGES times through `flip` and time each flip until the share's SSE stream shows it. */
async function muteLatencies(eventsUrl: string, flip: (muted: boolean) => unknown): Promise<number[]> {
  const sse = await subscribe(eventsUrl);
  const latencies: number[] = [];
  let muted = false;
  for (let i = 0; i < CHANGES; i++) {
    muted = !muted;
    const want = muted;
    const arrived = sse.next((d) => d.call?.muted === want);
    const sent = performance.now();
    await flip(want);
    latencies.push((await arrived) - sent);
  }
  sse.close();
  return latencies;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Subscribe to a share's SSE stream; `next(pred)` resolves on the first matching event. */
async function subscribe(url: string) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!res.body) throw new Error('no SSE body');
  let waiter: { pred: (d: { call?: { muted?: boolean } | null }) => boolean; ok: (at: number) => void } | null = null;
  const parser = createParser({
    onEvent(e) {
      const at = performance.now();
      const data = JSON.parse(e.data) as { call?: { muted?: boolean } | null };
      if (waiter?.pred(data)) {
        const w = waiter;
        waiter = null;
        w.ok(at);
      }
    },
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted at the end
    }
  })();
  return {
    next: (pred: (d: { call?: { muted?: boolean } | null }) => boolean) =>
      new Promise<number>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error('no SSE event within 10 s')), 10_000);
        waiter = { pred, ok: (at) => (clearTimeout(timer), ok(at)) };
      }),
    close: () => controller.abort(),
  };
}

async function until(probe: () => Promise<unknown>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const { ensureExtensionBuilt, launchWithExtension } = await load<{ ensureExtensionBuilt(): Promise<string>; launchWithExtension(): Promise<ExtensionBrowser> }>('tests/support/extension.ts');
  const { startTeamsLocalSimulator } = await load<{ startTeamsLocalSimulator(o: { autoApprove: boolean }): Promise<Simulator> }>('tests/fakes/teams-local/simulator.ts');
  await ensureExtensionBuilt();

  console.log('Bundle sizes (dist/extension):');
  for (const [name, s] of Object.entries(bundleSizes())) console.log(`  ${name.padEnd(18)} ${kb(s.raw).padStart(9)} raw  ${kb(s.gzip).padStart(8)} gzip`);
  if (existsSync(join(ROOT, 'dist', 'teams-status-extension.zip'))) console.log(`  store zip          ${kb(readFileSync(join(ROOT, 'dist', 'teams-status-extension.zip')).length).padStart(9)}`);

  const redisPort = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), 'bench-ext-redis-'));
  const redis: ChildProcess = spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const sim = await startTeamsLocalSimulator({ autoApprove: true });
  let ext: ExtensionBrowser | null = null;
  const store = await (async () => {
    for (let i = 0; ; i++) {
      try {
        return await createStore({ redisUrl: `redis://127.0.0.1:${redisPort}`, dataDir: redisDir, historyDays: 30, log: () => undefined });
      } catch (err) {
        if (i > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  const config = loadConfig({ PORT: '0', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_TOKEN: '1000000' });
  const relay = createRelay({ config, store, log: { info: () => undefined, error: (m) => console.error(m) } });
  const relayUrl = await relay.listen();
  try {
    ext = await launchWithExtension();
    const { fcp, status } = await popupFirstRender(ext);
    console.log(`\nPopup, ${POPUP_RUNS} opens in headless Chromium (ms from navigation start):`);
    console.log(`  first contentful paint  median ${pct(fcp, 50).toFixed(1)}  p95 ${pct(fcp, 95).toFixed(1)}`);
    console.log(`  status line rendered    median ${pct(status, 50).toFixed(1)}  p95 ${pct(status, 95).toFixed(1)}`);
    const baseline = await trivialPageFirstPaint(ext);
    console.log(`  baseline: one-line page first paint  median ${pct(baseline, 50).toFixed(1)}  p95 ${pct(baseline, 95).toFixed(1)}`);
    console.log(`  popup / baseline (median first paint) ${ratio(pct(fcp, 50), pct(baseline, 50))}`);

    const ok = async (type: string, payload: unknown) => {
      const r = await ext!.message<{ ok: boolean; error?: string; share?: { url: string } }>(type, payload);
      if (!r.ok) throw new Error(`${type}: ${r.error}`);
      return r;
    };
    type State = { state: { health: { teamsLocal: { state: string; canPair: boolean } }; call: { permissions: { toggleMute: boolean } } | null } };
    const state = async () => (await ext!.message<State>('getState', null)).state;
    await ok('saveSettings', { teamsLocalUrl: sim.url, teamsLocalEnabled: true });
    const shareId = (await ok('connectRelay', { relayUrl, displayName: 'Bench' })).share?.url.split('/').pop() ?? '';
    await ok('setShareLevel', { level: 'detailed' });
    await until(async () => (await state()).health.teamsLocal.state === 'unpaired', 'the Teams simulator connection');
    sim.startMeeting();
    await until(async () => (await state()).health.teamsLocal.canPair, 'canPair');
    await ok('pairTeams', null);
    await until(async () => (await state()).call?.permissions.toggleMute, 'pairing');

    const latencies = await muteLatencies(`${relayUrl}/api/v1/s/${shareId}/events`, (muted) => sim.setState({ isMuted: muted }));
    console.log(`\nTeams desktop frame → relay SSE event, ${CHANGES} mute changes (ms):`);
    console.log(`  p50 ${pct(latencies, 50).toFixed(1)}  p95 ${pct(latencies, 95).toFixed(1)}  max ${Math.max(...latencies).toFixed(1)}`);
    const direct = await directPublishLatency(relayUrl);
    console.log(`  baseline: PUT straight to the relay → SSE event  p50 ${pct(direct, 50).toFixed(1)}  p95 ${pct(direct, 95).toFixed(1)}`);
    console.log(`  through the extension / baseline (p50) ${ratio(pct(latencies, 50), pct(direct, 50))}`);
  } finally {
    await ext?.close();
    await sim.close();
    await relay.close();
    await store.close();
    redis.kill('SIGTERM');
    rmSync(redisDir, { recursive: true, force: true });
  }
}

await main();
