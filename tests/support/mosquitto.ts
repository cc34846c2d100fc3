import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { mosquittoPasswdPath, mosquittoPath } from './install';
import { freePort } from './ports';
import { until } from './until';

export interface TestBroker {
  url: string;
  port: number;
  /** ws:// (MQTT over WebSocket) and mqtts:// (TLS) listeners, when asked for. */
  wsUrl: string | null;
  tlsUrl: string | null;
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

export interface BrokerOptions {
  websockets?: boolean;
  /** PEM certificate and key for a TLS listener (the certificate must name 127.0.0.1). */
  tls?: { certFile: string; keyFile: string };
  /** Require these user names and passwords instead of taking anonymous clients. */
  users?: Record<string, string>;
}

/**
 * A private Mosquitto on free 127.0.0.1 ports, anonymous, keeping retained messages in memory;
 * optionally also listening for WebSocket and TLS clients.
 */
export async function startMosquitto(options: BrokerOptions = {}): Promise<TestBroker> {
  const bin = mosquittoPath();
  const port = await freePort();
  const wsPort = options.websockets ? await freePort() : null;
  const tlsPort = options.tls ? await freePort() : null;
  const dir = mkdtempSync(join(tmpdir(), 'ts-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  const lines = ['per_listener_settings false', `allow_anonymous ${options.users ? 'false' : 'true'}`, 'persistence false', `listener ${port} 127.0.0.1`];
  if (options.users) {
    const file = join(dir, 'passwords');
    for (const [i, [user, password]] of Object.entries(options.users).entries()) execFileSync(mosquittoPasswdPath(), [...(i === 0 ? ['-c'] : []), '-b', file, user, password], { stdio: 'ignore' });
    // Mosquitto started as root drops to its own user, which must be able to read the file.
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    lines.push(`password_file ${file}`);
  }
  if (wsPort) lines.push(`listener ${wsPort} 127.0.0.1`, 'protocol websockets');
  if (tlsPort && options.tls) lines.push(`listener ${tlsPort} 127.0.0.1`, `certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
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
    wsUrl: wsPort ? `ws://127.0.0.1:${wsPort}` : null,
    tlsUrl: tlsPort ? `mqtts://127.0.0.1:${tlsPort}` : null,
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

export async function watch(url: string, topics: string[], auth: { username?: string; password?: string } = {}): Promise<Watcher> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...auth });
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
