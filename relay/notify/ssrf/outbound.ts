import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { blockedReason } from './address-policy';
import { bareHost, resolveHost, systemResolver, type ResolvedAddress, type Resolver } from './resolver';

/** Why an outgoing request was not made: the destination is refused or cannot be found. */
export class DestinationError extends Error {
  constructor(
    readonly code: 'blocked_address' | 'unresolvable_host' | 'invalid_url' | 'too_many_redirects',
    message: string,
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}

export interface OutboundPolicy {
  /** NOTIFY_ALLOW_PRIVATE_NETWORKS: skip the address checks (a relay inside a private network, tests). */
  allowPrivate: boolean;
  /** NOTIFY_ALLOW_ADDRESSES: single addresses let through anyway (one known receiver inside the network). */
  allowAddresses?: readonly string[];
  resolver?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Bytes of a reply kept; the rest is not read. */
  maxResponseBytes?: number;
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

/**
 * The address to connect to for `url`, checked: every address the name resolves to must be
 * public (one private answer is enough to refuse — a resolver may rotate between them).
 */
export async function checkDestination(url: URL, policy: OutboundPolicy): Promise<ResolvedAddress> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DestinationError('invalid_url', 'only http and https URLs can be called');
  if (url.username || url.password) throw new DestinationError('invalid_url', 'the URL must not carry a user name or password');
  const host = bareHost(url);
  let answers: ResolvedAddress[];
  try {
    answers = await resolveHost(host, policy.resolver ?? systemResolver);
  } catch {
    throw new DestinationError('unresolvable_host', `the host ${host} could not be found`);
  }
  if (answers.length === 0) throw new DestinationError('unresolvable_host', `the host ${host} has no address`);
  if (!policy.allowPrivate) {
    for (const { address } of answers) {
      const reason = policy.allowAddresses?.includes(address) ? null : blockedReason(address);
      if (reason) throw new DestinationError('blocked_address', `${host} resolves to ${address}, ${reason}; the relay does not call such addresses`);
    }
  }
  return answers[0]!;
}

/** Connect to exactly the checked address, whatever a resolver would answer by now (DNS rebinding). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_host, options, callback) => {
    const cb = callback as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
    if ((options as { all?: boolean }).all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  };
}

function once(url: URL, pinned: ResolvedAddress, req: OutboundRequest, policy: OutboundPolicy, signal: AbortSignal): Promise<OutboundResponse> {
  const limit = policy.maxResponseBytes ?? 64 * 1024;
  const options: RequestOptions = { method: req.method, headers: req.headers, lookup: pinnedLookup(pinned), agent: false, signal };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: url.href });
      res.on('data', (chunk: Buffer) => {
        if (size >= limit) return;
        chunks.push(chunk.subarray(0, limit - size));
        size += chunk.length;
        // Enough read: a receiver cannot make the relay hold an endless reply.
        if (size >= limit) {
          res.destroy();
          finish();
        }
      });
      res.on('end', finish);
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One outgoing request under the policy: the destination is checked and pinned before each hop,
 * redirects are followed by hand (a bounded number, each target checked again), the whole
 * exchange has one deadline and the reply is read up to a bound.
 */
export async function outboundFetch(target: string, req: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  const signal = AbortSignal.timeout(policy.timeoutMs ?? 10_000);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new DestinationError('invalid_url', 'not a URL');
  }
  let current = req;
  for (let hop = 0; hop <= (policy.maxRedirects ?? 3); hop++) {
    const pinned = await checkDestination(url, policy);
    const res = await once(url, pinned, current, policy, signal);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || !location) return res;
    url = new URL(location, url);
    // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST')) {
      const { 'content-type': _type, 'content-length': _length, ...headers } = current.headers;
      current = { method: 'GET', headers };
    }
  }
  throw new DestinationError('too_many_redirects', `more than ${policy.maxRedirects ?? 3} redirects`);
}
