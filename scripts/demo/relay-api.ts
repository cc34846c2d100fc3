import type { SourceName } from '../../core';

/** The relay's error body, kept whole so the console says what went wrong. */
export class RelayRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RelayRequestError';
  }
}

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new RelayRequestError(res.status, `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

export interface DemoPerson {
  token: string;
  shareId: string;
  shareUrl: string;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value) throw new Error(`the relay's answer has no ${what}`);
  return value;
}

/** Register a person and return their token and share (validated: the demo trusts no shape). */
export async function register(base: string, displayName: string): Promise<DemoPerson> {
  const body = (await call(base, 'POST', '/api/v1/users', null, { displayName })) as { token?: unknown; share?: { id?: unknown; url?: unknown } } | null;
  return { token: str(body?.token, 'token'), shareId: str(body?.share?.id, 'share id'), shareUrl: str(body?.share?.url, 'share url') };
}

/** Set the share's level; returns the (unchanged) id and url. */
export async function setShareLevel(base: string, token: string, level: 'basic' | 'detailed'): Promise<{ id: string; url: string }> {
  const body = (await call(base, 'POST', '/api/v1/me/share', token, { level })) as { id?: unknown; url?: unknown } | null;
  return { id: str(body?.id, 'share id'), url: str(body?.url, 'share url') };
}

export async function putReport(base: string, token: string, source: SourceName, report: unknown): Promise<void> {
  await call(base, 'PUT', `/api/v1/me/sources/${source}`, token, report);
}

export async function forgetSource(base: string, token: string, source: SourceName): Promise<void> {
  await call(base, 'DELETE', `/api/v1/me/sources/${source}`, token);
}
