import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason } from '../../../relay/notify/ssrf/address-policy';
import { checkDestination, DestinationError, outboundFetch, type OutboundPolicy } from '../../../relay/notify/ssrf/outbound';
import type { Resolver } from '../../../relay/notify/ssrf/resolver';

const TABLE: [string, boolean][] = [
  ['127.0.0.1', true],
  ['127.255.255.254', true],
  ['10.1.2.3', true],
  ['172.16.0.1', true],
  ['172.31.255.255', true],
  ['172.32.0.1', false],
  ['192.168.1.1', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['100.100.100.200', true],
  ['0.0.0.0', true],
  ['224.0.0.1', true],
  ['255.255.255.255', true],
  ['8.8.8.8', false],
  ['1.1.1.1', false],
  ['::1', true],
  ['::', true],
  ['::ffff:127.0.0.1', true],
  ['::ffff:8.8.8.8', true],
  ['::ffff:7f00:1', true],
  ['fe80::1', true],
  ['fe80::1%eth0', true],
  ['fd00:ec2::254', true],
  ['fc00::1', true],
  ['ff02::1', true],
  ['64:ff9b::7f00:1', true],
  ['64:ff9b::808:808', false],
  ['2002:7f00:1::', true],
  ['2002:808:808::', false],
  ['2001:db8::1', true],
  ['2606:4700:4700::1111', false],
  ['2a00:1450:4001:81b::200e', false],
  ['not-an-ip', true],
];

describe('address policy', () => {
  it.each(TABLE)('%s blocked: %s', (address, blocked) => {
    expect(blockedReason(address) !== null).toBe(blocked);
  });
});

/** A resolver whose answers the test scripts, one list per call (the last one repeats). */
function scripted(answers: Record<string, string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const resolver = async (host: string) => {
    calls.push(host);
    const list = answers[host];
    if (!list) throw new Error('ENOTFOUND');
    const n = counts.get(host) ?? 0;
    counts.set(host, n + 1);
    return list[Math.min(n, list.length - 1)]!.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolver, { calls });
}

describe('destination checks (private networks not allowed)', () => {
  const policy = (resolver: Resolver): OutboundPolicy => ({ allowPrivate: false, resolver });

  it('refuses a name that resolves to a private address, naming host, address and why', async () => {
    const err = await checkDestination(new URL('https://hooks.example/x'), policy(scripted({ 'hooks.example': [['10.0.0.7']] }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as DestinationError).code).toBe('blocked_address');
    expect((err as DestinationError).message).toBe('hooks.example resolves to 10.0.0.7, a private address; the relay does not call such addresses');
  });

  it('refuses when any one of several answers is private', async () => {
    const r = scripted({ 'mixed.example': [['93.184.216.34', '169.254.169.254']] });
    await expect(checkDestination(new URL('https://mixed.example/'), policy(r))).rejects.toMatchObject({ code: 'blocked_address' });
  });

  it('refuses literal addresses without asking the resolver, brackets and all', async () => {
    const r = scripted({});
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://[::ffff:169.254.169.254]/', 'http://0x7f000001/', 'http://2130706433/']) {
      await expect(checkDestination(new URL(url), policy(r)), url).rejects.toMatchObject({ code: 'blocked_address' });
    }
    expect(r.calls).toEqual([]);
  });

  it('lets a public name through and answers the address to pin', async () => {
    const r = scripted({ 'ntfy.example': [['93.184.216.34']] });
    await expect(checkDestination(new URL('https://ntfy.example/topic'), policy(r))).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('refuses other schemes and credentials in the URL, and unknown hosts in words', async () => {
    const r = scripted({ 'a.example': [['93.184.216.34']] });
    await expect(checkDestination(new URL('ftp://a.example/'), policy(r))).rejects.toMatchObject({ code: 'invalid_url' });
    await expect(checkDestination(new URL('https://u:p@a.example/'), policy(r))).rejects.toMatchObject({ code: 'invalid_url' });
    await expect(checkDestination(new URL('https://nowhere.example/'), policy(r))).rejects.toMatchObject({ code: 'unresolvable_host', message: 'the host nowhere.example could not be found' });
  });

  it('NOTIFY_ALLOW_PRIVATE_NETWORKS lets private answers through', async () => {
    const r = scripted({ 'inside.example': [['10.0.0.7']] });
    await expect(checkDestination(new URL('https://inside.example/'), { allowPrivate: true, resolver: r })).resolves.toEqual({ address: '10.0.0.7', family: 4 });
  });
});

describe('outbound requests', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.headers.host} ${req.url}`);
      if (req.url === '/redirect-inside') return void res.writeHead(307, { Location: `http://inside.example:${port}/landed` }).end();
      if (req.url === '/redirect-public') return void res.writeHead(303, { Location: `http://rebind.example:${port}/landed` }).end();
      if (req.url === '/loop') return void res.writeHead(302, { Location: '/loop' }).end();
      if (req.url === '/huge') {
        res.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 97);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (req.url === '/slow') return; // never answers
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  // The fake receiver is on 127.0.0.1, let through by name; everything else stays blocked.
  const base = (resolver: Resolver): OutboundPolicy => ({ allowPrivate: false, allowAddresses: ['127.0.0.1'], resolver, timeoutMs: 2000 });

  it('connects to the checked address, never asking again (a rebinding resolver cannot swap it)', async () => {
    const r = scripted({ 'rebind.example': [['127.0.0.1'], ['10.9.9.9']] });
    const res = await outboundFetch(`http://rebind.example:${port}/hello`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, base(r));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('ok');
    expect(r.calls).toEqual(['rebind.example']);
    expect(seen).toContain(`POST rebind.example:${port} /hello`);
  });

  it('checks again at the next delivery: the rebinding answer is refused then', async () => {
    const r = scripted({ 'rebind.example': [['127.0.0.1'], ['10.9.9.9']] });
    await outboundFetch(`http://rebind.example:${port}/one`, { method: 'GET', headers: {} }, base(r));
    await expect(outboundFetch(`http://rebind.example:${port}/two`, { method: 'GET', headers: {} }, base(r))).rejects.toMatchObject({ code: 'blocked_address' });
  });

  it('checks each redirect target before following it', async () => {
    const r = scripted({ 'hooks.example': [['127.0.0.1']], 'inside.example': [['192.168.0.10']] });
    await expect(outboundFetch(`http://hooks.example:${port}/redirect-inside`, { method: 'POST', headers: {}, body: '{}' }, base(r))).rejects.toMatchObject({
      code: 'blocked_address',
      message: 'inside.example resolves to 192.168.0.10, a private address; the relay does not call such addresses',
    });
    expect(seen.some((line) => line.includes('/landed') && line.includes('inside.example'))).toBe(false);
  });

  it('follows a bounded number of redirects, a 303 as a GET', async () => {
    const r = scripted({ 'hooks.example': [['127.0.0.1']], 'rebind.example': [['127.0.0.1']] });
    const res = await outboundFetch(`http://hooks.example:${port}/redirect-public`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, base(r));
    expect(res.url).toBe(`http://rebind.example:${port}/landed`);
    expect(seen).toContain(`GET rebind.example:${port} /landed`);
    await expect(outboundFetch(`http://hooks.example:${port}/loop`, { method: 'GET', headers: {} }, base(r))).rejects.toMatchObject({ code: 'too_many_redirects' });
  });

  it('reads at most the bound of an endless reply, and gives up on a silent one at the deadline', async () => {
    const r = scripted({ 'hooks.example': [['127.0.0.1']] });
    const res = await outboundFetch(`http://hooks.example:${port}/huge`, { method: 'GET', headers: {} }, { ...base(r), maxResponseBytes: 1000 });
    expect(res.body.length).toBe(1000);
    await expect(outboundFetch(`http://hooks.example:${port}/slow`, { method: 'GET', headers: {} }, { ...base(r), timeoutMs: 300 })).rejects.toMatchObject({ name: expect.stringMatching(/TimeoutError|AbortError/) });
  });
});
