import type { IncomingMessage } from 'node:http';
import { LIMITS } from '../../core';
import { HttpError } from './http-error';

const tooLarge = (maxBytes: number) => new HttpError('payload_too_large', `the body must not exceed ${maxBytes} bytes`, undefined, { Connection: 'close' });


/** Read at most maxBytes (LIMITS.bodyBytes unless a route allows more); stop reading (and close the connection) past that. */
async function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, at most maxBytes. */
export async function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return (await readLimited(req, maxBytes)).toString('utf8');
}

/** The request's media type, lower case without parameters ('' when absent). */
export function mediaType(req: IncomingMessage): string {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** No request nests deeper than a few levels; far deeper would overflow recursive checks (a 500). */
const MAX_DEPTH = 32;

/** Whether the parsed value nests deeper than MAX_DEPTH; iterative, so any depth is safe to ask. */
function tooDeep(value: unknown): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_DEPTH) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

/**
 * The request's JSON object body. `optional` lets an empty body without a content type count
 * as `{}` (e.g. POST /me/share with defaults).
 */
export async function readJsonObject(req: IncomingMessage, optional = false, maxBytes: number = LIMITS.bodyBytes): Promise<Record<string, unknown>> {
  const declaresBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (optional && !declaresBody && !chunked && !req.headers['content-type']) return {};
  if (mediaType(req) !== 'application/json') {
    throw new HttpError('unsupported_media_type', 'the body must be sent as Content-Type: application/json');
  }
  const raw = await readLimited(req, maxBytes);
  const text = raw.toString('utf8').trim();
  if (text === '') {
    if (optional) return {};
    throw new HttpError('invalid_json', 'the body is empty; a JSON object is required');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('invalid_json', 'the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError('invalid_json', 'the body must be a JSON object');
  }
  if (tooDeep(value)) throw new HttpError('invalid_json', `the body nests more than ${MAX_DEPTH} levels deep`);
  return value as Record<string, unknown>;
}
