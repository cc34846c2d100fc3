// A child of bench/relay.ts: opens many SSE streams to one share from one local address (a
// process has a limited number of file descriptors and an address a limited number of ports,
// so large fan-outs use several of these), then reports over IPC when every stream has an
// event. Loopback only; it exits when its parent says so or goes away.
// Started with fork(…, [url, count, localAddress]).
import { Agent, request } from 'node:http';

const [url = '', countArg = '0', localAddress = '127.0.0.1'] = process.argv.slice(2);
const count = Number(countArg);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
/** Per seq: how many streams still wait for it. */
const waiting = new Map<number, number>();
let initial = 0;
let stopping = false;
const send = (m: unknown) => process.send?.(m);

/** One viewer: the last event id it has seen (null before its first), across reconnects. */
interface Viewer {
  last: number | null;
}

function openOne(viewer: Viewer = { last: null }): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (viewer.last !== null) headers['last-event-id'] = String(viewer.last);
  return new Promise((ok, fail) => {
    const req = request(url, { agent, localAddress, headers }, (res) => {
      // 408: the relay's header deadline passed while this busy process was still sending;
      // try again a moment later, as a browser's EventSource would.
      if (res.statusCode === 408) {
        res.resume();
        return void setTimeout(() => openOne(viewer).then(ok, fail), 200);
      }
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`SSE answered ${res.statusCode}`));
      }
      res.setEncoding('utf8');
      // A stream the relay ends is opened again with Last-Event-ID (as EventSource would) and
      // counted: the update must still reach it, through the catch-up.
      res.once('close', () => {
        if (stopping) return;
        send({ type: 'reconnect' });
        void openOne(viewer).catch((err: unknown) => send({ type: 'error', message: String(err) }));
      });
      res.on('data', (chunk: string) => {
        for (const m of chunk.matchAll(/^id: (\d+)$/gm)) {
          const seq = Number(m[1]);
          if (viewer.last === null) {
            viewer.last = seq;
            if (++initial === count) send({ type: 'open' });
            continue;
          }
          if (seq <= viewer.last) continue;
          viewer.last = seq;
          const left = (waiting.get(seq) ?? count) - 1;
          waiting.set(seq, left);
          if (left === 0) send({ type: 'reached', seq });
        }
      });
      ok();
    });
    req.once('error', fail);
    req.end();
  });
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'stop') {
    stopping = true;
    agent.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

const BATCH = 200;
try {
  for (let i = 0; i < count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, () => openOne()));
} catch (err) {
  send({ type: 'error', message: String(err) });
}
