import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { redisEnv, redisServerPath } from './install';
import { freePort } from './ports';
import { ask, spawnRedisServer, startOnFreshPorts } from './redis-server';
import { until } from './until';

export interface TestRedisCluster {
  /** `127.0.0.1:port` of every master, as REDIS_CLUSTER_NODES takes them. */
  nodes: string[];
  /** The REDIS_CLUSTER_NODES value. */
  env: string;
  /** Stop one master (SIGTERM, waits for exit); its slots are down until startNode. */
  stopNode(index: number): Promise<void>;
  /** Start it again on its port and directory and wait until the cluster is whole again. */
  startNode(index: number): Promise<void>;
  dispose(): Promise<void>;
}

/** redis-cli ships beside redis-server (same Debian package). */
function redisCliPath(): string {
  const cli = join(dirname(redisServerPath()), 'redis-cli');
  if (!existsSync(cli)) throw new Error(`redis-cli not found beside ${redisServerPath()}`);
  return cli;
}

const clusterOk = (port: number) => ask(port, async (c) => /cluster_state:ok/.test(await c.cluster('INFO')));

/**
 * A real three-master Redis Cluster on free ports (no replicas), each master in a temp
 * directory with append-only persistence, created with `redis-cli --cluster create`. One per
 * test file (start it in beforeAll): creating one takes about a second. Configured as
 * docs/stores.md asks: a master away takes only its own slots with it
 * (`cluster-require-full-coverage no`; with Redis's default the whole cluster refuses every
 * command once that master is marked failed, two seconds on).
 */
export async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
  let ports: number[] = [];
  // The cluster bus on a free port of its own: by default it is the port + 10,000, which may be
  // taken (it falls in the range outgoing connections use) or past 65,535.
  let busPorts: number[] = [];
  const dirs = Array.from({ length: masters }, () => mkdtempSync(join(tmpdir(), 'ts-redis-cluster-')));
  const children: (ChildProcess | null)[] = dirs.map(() => null);

  const startServer = async (i: number) => {
    const port = ports[i]!;
    children[i] = await spawnRedisServer(port, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dirs[i]!, '--cluster-enabled', 'yes', '--cluster-port', String(busPorts[i]), '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000', '--cluster-require-full-coverage', 'no', '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
  };
  const stopServer = async (i: number) => {
    const c = children[i];
    children[i] = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  const whole = () => until(async () => (await Promise.all(ports.map(clusterOk))).every(Boolean), 'cluster_state:ok on every node', 30_000);

  await startOnFreshPorts(async () => {
    ports = await Promise.all(dirs.map(() => freePort()));
    busPorts = await Promise.all(dirs.map(() => freePort()));
    const started = await Promise.allSettled(dirs.map((_, i) => startServer(i)));
    const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return;
    await Promise.all(dirs.map((_, i) => stopServer(i)));
    // A node that started wrote its nodes.conf: another attempt begins with empty directories.
    for (const d of dirs) for (const f of readdirSync(d)) rmSync(join(d, f), { recursive: true, force: true });
    throw failure.reason;
  }).catch((err: unknown) => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    throw err;
  });
  const created = spawnSync(redisCliPath(), ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', env: redisEnv() });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
  await whole();
  const nodes = ports.map((p) => `127.0.0.1:${p}`);
  return {
    nodes,
    env: nodes.join(','),
    stopNode: (i) => stopServer(i),
    async startNode(i) {
      await startServer(i);
      await whole();
    },
    async dispose() {
      await Promise.all(ports.map((_, i) => stopServer(i)));
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
