import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { mosquittoPath } from './install';
import { freePort } from './ports';
import { until } from './until';

export interface TestBroker {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A private Mosquitto on a free 127.0.0.1 port, anonymous, keeping retained messages in memory. */
export async function startMosquitto(): Promise<TestBroker> {
  const bin = mosquittoPath();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ts-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(bin, ['-c', conf], { stdio: 'ignore' });
    await until(() => accepts(port), `mosquitto on port ${port}`);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A watching client: every message on the subscribed topics, retained ones included, in order. */
export interface Watcher {
  client: MqttClient;
  messages: { topic: string; payload: string; retain: boolean }[];
  /** The last message on `topic` (received after `since`, an index into messages). */
  last(topic: string, since?: number): { topic: string; payload: string; retain: boolean } | undefined;
  close(): Promise<void>;
}

export async function watch(url: string, topics: string[]): Promise<Watcher> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const messages: Watcher['messages'] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }));
  await client.subscribeAsync(topics, { qos: 1 });
  return {
    client,
    messages,
    last: (topic, since = 0) => messages.slice(since).filter((m) => m.topic === topic).at(-1),
    close: () => client.endAsync(),
  };
}
