import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Addresses that mean "every interface": a link with one in it reaches nobody. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * This machine's address on the local network: the first non-internal IPv4 (what a phone on
 * the same Wi-Fi can reach), else the first non-internal IPv6, else null (no network).
 */
export function lanAddress(interfaces: Interfaces = networkInterfaces()): string | null {
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const external = all.filter((i) => !i.internal);
  const v4 = external.find((i) => i.family === 'IPv4');
  if (v4) return v4.address;
  // Link-local IPv6 needs a zone id a URL cannot carry well; only global ones are usable.
  const v6 = external.find((i) => i.family === 'IPv6' && !i.address.toLowerCase().startsWith('fe80:'));
  return v6 ? `[${v6.address}]` : null;
}

/** The bound URL as this computer can open it: a wildcard bind answers on 127.0.0.1 too. */
export function localUrl(boundUrl: string): string {
  const url = new URL(boundUrl);
  if (isWildcardHost(url.hostname)) url.hostname = '127.0.0.1';
  return url.origin;
}
