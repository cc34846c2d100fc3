import { connect, createServer, type Socket } from 'node:net';

interface Link {
  frozen: boolean;
  held: { to: Socket; chunk: Buffer }[];
  sockets: Socket[];
}

/**
 * A TCP proxy in front of Redis that can go silent: a frozen link stays open but forwards
 * nothing, like a hung server or a black-holed network — the fault where a client without
 * timeouts waits forever because TCP never reports it.
 */
export async function startFreezableProxy(targetPort: number) {
  let freezeNew = false;
  let refusing = false;
  const links = new Set<Link>();
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const link: Link = { frozen: freezeNew, held: [], sockets: [client, upstream] };
    links.add(link);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (link.frozen) link.held.push({ to, chunk });
        else to.write(chunk);
      });
    for (const s of link.sockets) {
      s.on('error', () => {});
      s.on('close', () => {
        links.delete(link);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Silence every connection, open and future. */
    freeze() {
      freezeNew = true;
      for (const link of links) link.frozen = true;
    },
    /** Silence only the connections open now; new ones work (a single dead TCP path). */
    freezeOpenConnections() {
      for (const link of links) link.frozen = true;
    },
    /** Cut every connection and refuse new ones: whatever is published meanwhile is lost to them. */
    down() {
      refusing = true;
      for (const link of links) for (const s of link.sockets) s.destroy();
    },
    /** Accept connections again after down(). */
    up() {
      refusing = false;
    },
    /** Resume, delivering what was held back, as a server waking up would. */
    thaw() {
      freezeNew = false;
      for (const link of links) {
        link.frozen = false;
        for (const { to, chunk } of link.held.splice(0)) if (!to.destroyed) to.write(chunk);
      }
    },
    /** Cut every open connection (new ones still work): a network blip. */
    dropOpenConnections() {
      for (const link of links) for (const s of link.sockets) s.destroy();
    },
    async close() {
      for (const link of links) for (const s of link.sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
