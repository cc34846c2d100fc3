import type { z } from 'zod';
import type { AnyReport, ShareLevel, SourceName } from '../../core';
import { RelayError } from './relay-errors';
import {
  automationResponseSchema,
  errorBodySchema,
  putSourceResponseSchema,
  registerResponseSchema,
  shareSchema,
  type PutSourceInfo,
  type RegisterInfo,
  type ShareInfo,
} from './relay-responses';

export interface RelayClientOptions {
  /** Bearer token for /api/v1/me routes. */
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Trim, require http(s), drop a trailing slash; a path prefix (reverse proxy) is kept. */
export function normaliseRelayUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new RelayError('invalid-response', `"${input}" is not a web address (expected something like https://relay.example.com).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RelayError('invalid-response', 'The relay address must start with https:// (or http:// on this computer).');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function retryAfter(res: Response): number | null {
  const value = res.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(value) - Date.now()) || null;
}

/** HTTP client for the relay API (relay-api.md); every answer is validated before use. */
export function createRelayClient(baseUrl: string, opts: RelayClientOptions = {}) {
  const base = normaliseRelayUrl(baseUrl);
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<S extends z.ZodType | null>(method: string, path: string, schema: S, body?: unknown, headers: Record<string, string> = {}): Promise<S extends z.ZodType ? z.infer<S> : null> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (opts.token) h.authorization = `Bearer ${opts.token}`;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
    } catch (err) {
      // Node and some browsers hide the reason (ECONNREFUSED, a timeout) in `cause`.
      const cause = (err as { cause?: { message?: string; code?: string } }).cause;
      const why = [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
      throw new RelayError('network', `The relay at ${base} could not be reached (${why}).`);
    }
    const text = await res.text().catch(() => '');
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // handled below: HTML from a proxy or a wrong address is the usual cause
    }
    if (!res.ok) {
      const parsed = errorBodySchema.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : `The relay answered HTTP ${res.status}${json === undefined && text ? ' with something that is not the Teams Status API' : ''}.`;
      throw new RelayError('http', message, res.status, parsed.success ? parsed.data.error.code : null, retryAfter(res));
    }
    if (schema === null) return null as never;
    if (json === undefined) {
      throw new RelayError('invalid-response', `${base} answered with something that is not the Teams Status API (${res.headers.get('content-type') ?? 'no content type'}). Check the relay address.`, res.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new RelayError('invalid-response', `${base} answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message}). Is it a Teams Status relay of a compatible version?`, res.status);
    }
    return parsed.data as never;
  }

  return {
    baseUrl: base,
    register(input: { displayName: string; timeZone?: string }): Promise<RegisterInfo> {
      return call('POST', '/api/v1/users', registerResponseSchema, input);
    },
    /** Join an organisation with a one-time invite code: the same answer as register. */
    redeemInvite(code: string): Promise<RegisterInfo> {
      return call('POST', `/api/v1/invites/${encodeURIComponent(code)}`, registerResponseSchema, {});
    },
    putSource(source: SourceName, report: AnyReport, idempotencyKey: string): Promise<PutSourceInfo> {
      return call('PUT', `/api/v1/me/sources/${source}`, putSourceResponseSchema, report, { 'idempotency-key': idempotencyKey });
    },
    async deleteSource(source: SourceName, idempotencyKey: string): Promise<void> {
      await call('DELETE', `/api/v1/me/sources/${source}`, null, undefined, { 'idempotency-key': idempotencyKey });
    },
    share(input: { level?: ShareLevel; rotate?: boolean }): Promise<ShareInfo> {
      return call('POST', '/api/v1/me/share', shareSchema, input);
    },
    /** "Take the wheel": the calendar does not drive the status until then (null: it does again). */
    async setAutomation(input: { calendarPausedUntil: string | null }): Promise<{ calendarPausedUntil: string | null }> {
      return (await call('PUT', '/api/v1/me/automation', automationResponseSchema, input)).automation;
    },
    async deleteMe(): Promise<void> {
      await call('DELETE', '/api/v1/me', null);
    },
  };
}

export type RelayClient = ReturnType<typeof createRelayClient>;
