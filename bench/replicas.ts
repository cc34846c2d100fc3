// Two relay replicas on one Redis behind one address (bench/round-robin-proxy.ts): viewers
// spread over both by the proxy see a write that went through either, and the write rate of
// two replicas against one, through the same proxy.
import { Agent, request } from 'node:http';
import { freePort } from './free-port';
import { launch, launchRelay, post } from './launch';
import { load, registerPeople, PEOPLE, type Row } from './write-load';

const VIEWERS = 1_000;

export interface ReplicaFigures {
  rows: Row[];
  /** Viewers, half on each replica (round robin). */
  viewers: number;
  reachMs: number;
}

async function viewAll(url: string, count: number): Promise<(seq: number) => Promise<void>> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const waiting = new Map<number, { left: number; done: () => void }>();
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((ok, fail) => {
          request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
            if (res.statusCode !== 200) return fail(new Error(`SSE answered ${res.statusCode}`));
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              for (const m of chunk.matchAll(/^id: (\d+)$/gm)) {
                const w = waiting.get(Number(m[1]));
                if (w && --w.left === 0) w.done();
              }
              ok();
            });
          })
            .once('error', fail)
            .end();
        }),
    ),
  );
  return (seq) => new Promise<void>((done) => waiting.set(seq, { left: count, done }));
}

export async function replicas(redisEnv: Record<string, string>): Promise<ReplicaFigures> {
  const [p1, p2, both, single] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const open = { MAX_STREAMS_PER_IP: '1000000', MAX_PENDING_PER_IP: '1000000' };
  await Promise.all([launchRelay(p1, { ...redisEnv, ...open }), launchRelay(p2, { ...redisEnv, ...open })]);
  await launch(process.execPath, ['--import', 'tsx', 'bench/round-robin-proxy.ts', String(both), String(p1), String(p2)], {}, /proxy ready/);
  await launch(process.execPath, ['--import', 'tsx', 'bench/round-robin-proxy.ts', String(single), String(p1)], {}, /proxy ready/);
  const base = `http://127.0.0.1:${both}`;
  const user = await post(`${base}/api/v1/users`, { displayName: 'Replicas' });
  const token = user.token as string;
  const people = await registerPeople(base, PEOPLE);
  // Round robin: half the viewers are on each replica; the write below goes through one of them.
  const reached = await viewAll(`${base}/api/v1/s/${(user.share as { id: string }).id}/events`, VIEWERS);
  const all = reached(1);
  const started = performance.now();
  await post(`${base}/api/v1/me/sources/teams-web`, { observedAt: new Date().toISOString(), call: { inCall: true } }, { authorization: `Bearer ${token}` }, 'PUT');
  await all;
  const reachMs = performance.now() - started;
  const rows = [await load('proxy → 1 replica', `http://127.0.0.1:${single}/api/v1/me/sources/teams-web`, 50, people), await load('proxy → 2 replicas', `${base}/api/v1/me/sources/teams-web`, 50, people)];
  return { rows, viewers: VIEWERS, reachMs };
}
