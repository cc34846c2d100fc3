import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports';
import { until } from '../support/until';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ts-start-'));

let child: ChildProcess | null = null;

afterAll(() => {
  // Only if the test timed out before its own Ctrl+C: never leave a relay behind.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo (the start script as a process)', () => {
  // RELAY_WORKERS > 1 without Redis is refused by the relay; npm start runs one process and ignores it.
  it('prints where everything is, serves the demo page, and stops cleanly on Ctrl+C (RELAY_WORKERS set, no Redis)', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build', '--demo'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', RELAY_DATA_DIR: join(dir, 'data'), TEAMS_SIMULATOR_PORT: '0', RELAY_WORKERS: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    const exited = once(proc, 'exit');
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const shareUrl = await new Promise<string>((ok, fail) => {
        const check = () => {
          const m = /Ada Lovelace's live status page: (http:\/\/\S+)/.exec(output);
          if (m?.[1] && output.includes('Ctrl+C')) ok(m[1]);
        };
        proc.stdout.on('data', check);
        void exited.then(() => fail(new Error(`start exited early:\n${output}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      expect(output).toContain('start: RELAY_WORKERS applies to npm run relay and the image; npm start runs one process');
      expect(output).toContain(`Relay       ${base}`);
      expect(output).toContain(`${base}/healthz`);
      expect(output).toContain(join('dist', 'extension'));
      expect(output).toContain(`${base}/widget.js`);
      expect(output).toMatch(/Teams sim {3}ws:\/\/127\.0\.0\.1:\d+/);
      expect(output).toContain(`Share links ${base}/s/<share id>`);
      expect(output).toContain('this computer only: for a phone on the same Wi-Fi, start with HOST=0.0.0.0');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // The first URL printed answers with a page, not a JSON "no route".
      const home = await fetch(`${base}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('A Teams Status relay');
      const page = await fetch(shareUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Ada Lovelace');
    } finally {
      // A terminal's Ctrl+C reaches us directly and relayed by npm/tsx: two signals at once.
      proc.kill('SIGINT');
      proc.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      expect(code, output).toBe(0);
    }
    expect(output).toContain('stopped.');
  }, 60_000);
});

describe('npm start with a Redis that does not answer', () => {
  it('says so in the banner, and logs the outage once', async () => {
    // Taken and let go: nothing listens there.
    const redisPort = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(await freePort()), HOST: '127.0.0.1', REDIS_URL: `redis://127.0.0.1:${redisPort}`, NOTIFY_POLL_MS: '20' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(proc, 'exit');
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await until(() => output.includes('Ctrl+C'), 'the banner', 40_000);
      expect(output).toContain(`Store       Redis at 127.0.0.1:${redisPort} does not answer yet: the relay answers 503 until it does`);
      expect(output).not.toContain('Teams Status is running\n');
      // The banner came after three seconds of delivery passes every 20 ms, all failing.
      expect(output.split('\n').filter((l) => l.includes('the store is unavailable'))).toHaveLength(1);
      expect(output).not.toContain('trying again shortly');
    } finally {
      proc.kill('SIGKILL');
      await exited;
    }
  }, 60_000);
});
