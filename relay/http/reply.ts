import type { ServerResponse } from 'node:http';
import type { ApiErrorBody, ErrorCode } from '../../core';
import { ERROR_STATUS } from '../../core';

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, ...headers });
  res.end();
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string, field?: string, headers: Record<string, string> = {}): void {
  const body: ApiErrorBody = { error: field === undefined ? { code, message } : { code, message, field } };
  sendJson(res, ERROR_STATUS[code], body, headers);
}
