import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { buildRelay, type RelayBuild } from '../../scripts/build-relay';
import { freePort } from '../support/ports';
import { register, startTestRelay } from '../support/relay-process';
import { until } from '../support/until';

// The bundle is copied into a folder with no node_modules anywhere above it, next to stand-ins for
// the widget and extension builds laid out as dist/ is: what the container image holds.
let dir = '';
let built: RelayBuild;
let child: ChildProcess;
let output = '';
let base = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ts-relay-build-'));
  built = await buildRelay(join(dir, 'dist', 'relay'));
  mkdirSync(join(dir, 'dist', 'widget'));
  writeFileSync(join(dir, 'dist', 'widget', 'teams-status.js'), '// widget\nconst BUILT_IN_SHARE_URL = null;\n');
  writeFileSync(join(dir, 'dist', 'teams-status-extension.zip'), 'PK\u0005\u0006stand-in');
  const port = await freePort();
  // No tsx, no loader: plain node, started from elsewhere, with only what a container passes.
  child = spawn(process.execPath, ['--enable-source-maps', join(dir, 'dist', 'relay', 'main.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', RELAY_DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  base = await until(() => /relay listening on (http:\/\/\S+)/.exec(output)?.[1], 'the built relay to listen', 20_000);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the built relay', () => {
  it('carries the relay dependencies only, none of the extension or widget', () => {
    expect(built.packages).toEqual(expect.arrayContaining(['ioredis', 'prom-client', 'zod']));
    for (const p of ['preact', 'idb', 'qrcode', 'webextension-polyfill', 'tsx', 'esbuild']) expect(built.packages).not.toContain(p);
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('serves a share page and its scripts', async () => {
    const ada = await register(base, { displayName: 'Ada Lovelace' });
    const page = await fetch(`${base}/s/${ada.share.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ada Lovelace');
    const script = await fetch(`${base}/assets/status-page.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('textContent');
  });

  it('serves the organisation board and its prebuilt script (no esbuild at run time)', async () => {
    expect((await fetch(`${base}/org`)).status).toBe(200);
    const board = await fetch(`${base}/org/board.js`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('sessionStorage');
  });

  it('finds the widget and the extension zip beside it, as the builds lay them out', async () => {
    const ada = await register(base, { displayName: 'Grace' });
    const widget = await (await fetch(`${base}/s/${ada.share.id}/widget.js`)).text();
    expect(widget).toContain(`const BUILT_IN_SHARE_URL = "${base}/s/${ada.share.id}";`);
    const zip = await fetch(`${base}/extension.zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});

describe('file locations as settings', () => {
  it('serve from where RELAY_WIDGET_FILE and RELAY_EXTENSION_ZIP say, and answer 503 in words when nothing is there', async () => {
    const store = await EmbeddedStore.open({ dataDir: join(dir, 'settings-data'), historyDays: 30, log: () => {} });
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'w.js'), '// moved\nconst BUILT_IN_SHARE_URL = null;\n');
    const moved = await startTestRelay(store, { RELAY_WIDGET_FILE: join(elsewhere, 'w.js'), RELAY_EXTENSION_ZIP: join(elsewhere, 'missing.zip') });
    try {
      expect(await (await fetch(`${moved.url}/widget.js`)).text()).toContain('// moved');
      const zip = await fetch(`${moved.url}/extension.zip`);
      expect(zip.status).toBe(503);
      expect(await zip.json()).toEqual({ error: { code: 'extension_not_built', message: expect.stringMatching(/not been built/) } });
    } finally {
      await moved.close();
      await store.close();
    }
  });
});
