import { isIP } from 'node:net';

/**
 * Which addresses an outgoing notification may reach. A URL given by a person or a share-link
 * holder must never make the relay talk to itself, its cluster or a cloud metadata service
 * (server-side request forgery), so everything that is not ordinary public unicast is refused.
 */

interface Range {
  /** The network, as 32 bits (v4) or 128 bits (v6). */
  base: bigint;
  bits: number;
  reason: string;
}

function v4ToBig(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** The eight hextets of a v6 address (a dotted-quad tail included) as one 128-bit number. */
function v6ToBig(address: string): bigint {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4ToBig(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const v4 = (cidr: string, reason: string): Range => {
  const [net, bits] = cidr.split('/');
  return { base: v4ToBig(net!), bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [net, bits] = cidr.split('/');
  return { base: v6ToBig(net!), bits: Number(bits), reason };
};

const V4_BLOCKED: Range[] = [
  v4('0.0.0.0/8', 'an unspecified address'),
  v4('10.0.0.0/8', 'a private address'),
  v4('100.64.0.0/10', 'a carrier-grade NAT address'),
  v4('127.0.0.0/8', 'a loopback address'),
  v4('169.254.0.0/16', 'a link-local address (cloud metadata lives here)'),
  v4('172.16.0.0/12', 'a private address'),
  v4('192.0.0.0/24', 'a protocol-assignment address'),
  v4('192.0.2.0/24', 'a documentation address'),
  v4('192.88.99.0/24', 'a relay-anycast address'),
  v4('192.168.0.0/16', 'a private address'),
  v4('198.18.0.0/15', 'a benchmarking address'),
  v4('198.51.100.0/24', 'a documentation address'),
  v4('203.0.113.0/24', 'a documentation address'),
  v4('224.0.0.0/4', 'a multicast address'),
  v4('240.0.0.0/4', 'a reserved or broadcast address'),
];

const V6_BLOCKED: Range[] = [
  v6('::/128', 'an unspecified address'),
  v6('::1/128', 'a loopback address'),
  v6('::ffff:0:0/96', 'an IPv4-mapped address'),
  v6('::/96', 'an IPv4-compatible address'),
  v6('64:ff9b:1::/48', 'a local NAT64 address'),
  v6('100::/64', 'a discard address'),
  v6('2001::/32', 'a Teredo tunnel address'),
  v6('2001:db8::/32', 'a documentation address'),
  v6('fc00::/7', 'a unique-local (private) address'),
  v6('fe80::/10', 'a link-local address'),
  v6('fec0::/10', 'a site-local address'),
  v6('ff00::/8', 'a multicast address'),
];

function inRange(value: bigint, width: number, range: Range): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

function v4Reason(address: string): string | null {
  const n = v4ToBig(address);
  return V4_BLOCKED.find((r) => inRange(n, 32, r))?.reason ?? null;
}

/**
 * Why this address may not be contacted, in words, or null when it is public. Anything that is
 * not an IP address at all is refused too: callers pass what a resolver answered.
 */
export function blockedReason(address: string): string | null {
  const family = isIP(address.split('%')[0]!);
  if (family === 4) return v4Reason(address);
  if (family !== 6) return 'not an IP address';
  const n = v6ToBig(address);
  const direct = V6_BLOCKED.find((r) => inRange(n, 128, r));
  if (direct) return direct.reason;
  // Translation prefixes carry an IPv4 address inside; judge it as that address.
  const embedded = (value: bigint) => [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  if (inRange(n, 128, v6('64:ff9b::/96', ''))) return v4Reason(embedded(n & 0xffffffffn));
  if (inRange(n, 128, v6('2002::/16', ''))) return v4Reason(embedded((n >> 80n) & 0xffffffffn));
  return null;
}
