import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';
import { putSource, register, startTestRelay } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { embeddedFactory, storeForBlock } from './store-factories';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
/** How often the relay checks its deadlines at these settings (connection-guard.ts). */
const CHECK_MS = 250;

/** Keep this process's event loop from running (a starved relay) until `done` says so. */
function stall(done: () => boolean): void {
  while (!done()) {
    // Busy on purpose: nothing else in this process may run, as under CPU starvation.
  }
}

/**
 * A client in a process of its own (it keeps sending while this one is stalled): sends one
 * complete request as soon as it connects, marks `sentFile`, and prints what it receives until
 * the first event or the end.
 */
function clientProcess(url: URL, path: string, sentFile: string): Promise<string> {
  const code = `
const s = require('node:net').connect(${Number(url.port)}, '${url.hostname}', () => {
  s.write('GET ${path} HTTP/1.1\\r\\nHost: relay\\r\\nAccept: text/event-stream\\r\\n\\r\\n', () => require('node:fs').writeFileSync(${JSON.stringify(sentFile)}, ''));
});
let text = '';
s.on('data', (d) => { text += d; if (/event: status/.test(text)) s.destroy(); });
s.on('close', () => { process.stdout.write(text); });
s.on('error', () => {});`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((ok) => child.once('exit', () => ok(out)));
}

describe('header and request deadlines on a relay starved of CPU', () => {
  const factory = embeddedFactory();
  let store: Store;
  let dir = '';
  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ts-starved-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a request that arrived in time although the relay, busy, read it only after the header deadline', { timeout: 20_000 }, async () => {
    const relay = await startTestRelay(store, { HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    try {
      const person = await register(relay.url);
      const sent = join(dir, 'sent');
      // Right after accepting (Node's header clock starts here), the relay stops running: the
      // client's whole request lands in the socket meanwhile, and the deadline passes unread.
      relay.relay.server.once('connection', () => {
        const accepted = performance.now();
        stall(() => existsSync(sent) && performance.now() - accepted > HEADERS_TIMEOUT_MS + 2 * CHECK_MS);
      });
      const received = await clientProcess(new URL(relay.url), `/api/v1/s/${person.share.id}/events`, sent);
      expect(received).toMatch(/^HTTP\/1\.1 200 /);
      expect(received).toMatch(/event: status\nid: \d+\ndata: \{/);
    } finally {
      await relay.close();
    }
  });

  it('still refuses a request that had not arrived when the deadline passed (408 request_timeout)', { timeout: 20_000 }, async () => {
    const relay = await startTestRelay(store, { HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    try {
      const { connect } = await import('node:net');
      const url = new URL(relay.url);
      const socket = connect(Number(url.port), url.hostname);
      socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      await new Promise<void>((ok) => socket.once('close', () => ok()));
      expect(text).toMatch(/^HTTP\/1\.1 408 [^]*"code":"request_timeout"/);
    } finally {
      await relay.close();
    }
  });

  it('applies no header or request deadline to an open event stream, however long the relay is stalled', { timeout: 20_000 }, async () => {
    const relay = await startTestRelay(store, { HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    const person = await register(relay.url);
    const stream = await openSse(`${relay.url}/api/v1/s/${person.share.id}/events`);
    try {
      const first = await stream.nextEvent();
      // Longer than both deadlines and several checks: a deadline that applied to streams would cut it.
      const from = performance.now();
      stall(() => performance.now() - from > REQUEST_TIMEOUT_MS + 2 * CHECK_MS);
      await new Promise<void>((ok) => setImmediate(ok));
      const put = await putSource(relay.url, person.token, 'manual', { observedAt: new Date().toISOString(), availability: 'Busy', activity: 'Busy' });
      expect(put.status).toBe(200);
      const next = await stream.nextEvent();
      expect(next.event).toBe('status');
      expect(Number(next.id)).toBeGreaterThan(Number(first.id));
    } finally {
      stream.close();
      await relay.close();
    }
  });
});
