import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address every per-address limit counts. With `trustedHops` proxies in front, each appended
 * the address it saw to the right of X-Forwarded-For, so the client is the entry `trustedHops`
 * from the right; whatever lies left of it the client wrote itself and is never believed. A
 * chain shorter than promised (a request that skipped a proxy) falls back to its leftmost entry,
 * which a trusted proxy still wrote; an entry that is not an address falls back to the socket.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  if (trustedHops === 0 || header === undefined) return socket;
  const entries = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) return socket;
  const entry = entries[Math.max(0, entries.length - trustedHops)]!;
  return isIP(entry) ? entry : socket;
}
