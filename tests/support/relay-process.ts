import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { RegisterResponse } from '../../core';
import { loadConfig } from '../../relay/config';
import type { Logger } from '../../relay/http/deps';
import { createRelay, type Relay } from '../../relay/server';
import type { Store } from '../../relay/store/store';
import { freePort } from './ports';

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Send a signal and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Start `relay/main.ts` in its own Node process (tsx loader) on a free port with the given
 * environment, and resolve once it prints its listening line.
 */
export async function startRelayProcess(env: Record<string, string>, timeoutMs = 40_000): Promise<RelayProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`relay did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const m = /relay listening on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`relay exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * The request limits out of the way, for relays that tests poll or register many people on:
 * `until` asks every 50 ms, so the default 600 requests a minute from one address run out after
 * half a minute. A test of a limit sets its own value after these.
 */
export const LIFTED_LIMITS = { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_TOKEN: '1000000', RATE_LIMIT_REGISTRATIONS: '1000000' } as const;

/** A relay logger for tests: request logs stay silent, errors still reach the test output. */
export const quietLogger: Logger = { info: () => {}, error: (message, extra) => console.error(message, extra) };

/** An in-process relay over a given store (no store of its own to close). */
export async function startTestRelay(store: Store, env: Record<string, string> = {}): Promise<{ url: string; relay: Relay; close(): Promise<void> }> {
  const config = loadConfig({ PORT: '0', PUBLIC_URL: 'https://status.example.test', ...LIFTED_LIMITS, ...env });
  const relay = createRelay({ config, store, log: quietLogger });
  const url = await relay.listen();
  return { url, relay, close: () => relay.close() };
}

/** A fresh person on the relay: their id, token and share. */
export async function register(base: string, body: Record<string, unknown> = { displayName: 'Ada' }): Promise<RegisterResponse> {
  const res = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as RegisterResponse;
}

/** PUT a source report as the token's owner. */
export function putSource(base: string, token: string, source: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/v1/me/sources/${source}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}
