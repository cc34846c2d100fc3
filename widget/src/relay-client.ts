import { parseShareView, type ShareView } from './share-view';

export type FetchResult =
  | { kind: 'ok'; view: ShareView }
  | { kind: 'revoked' }
  | { kind: 'failed'; reason: string };

/** Seconds: a widget run has a tight budget, and a cached status beats a spinner. */
export const REQUEST_TIMEOUT_S = 5;
const MAX_BODY_CHARS = 64 * 1024;

/** One `GET /api/v1/s/{id}`; every way it can go wrong becomes a `failed` with a reason. */
export async function fetchShareView(apiUrl: string): Promise<FetchResult> {
  const request = new Request(apiUrl);
  request.method = 'GET';
  request.timeoutInterval = REQUEST_TIMEOUT_S;
  request.headers = { Accept: 'application/json' };
  let body: string;
  try {
    body = await request.loadString();
  } catch (e) {
    return { kind: 'failed', reason: `No connection to the relay: ${errorText(e)}` };
  }
  const status = Number((request.response as { statusCode?: unknown } | undefined)?.statusCode);
  if (status === 404) return { kind: 'revoked' };
  if (status !== 200) return { kind: 'failed', reason: Number.isFinite(status) ? `The relay answered ${status}` : 'The relay gave no status code' };
  // A status is well under a kilobyte; anything huge is not ours (a captive portal, a proxy page).
  if (body.length > MAX_BODY_CHARS) return { kind: 'failed', reason: 'The relay answered with something far too large to be a status' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'failed', reason: 'The relay answered with something that is not JSON' };
  }
  const parsed = parseShareView(json);
  if (!parsed.ok) return { kind: 'failed', reason: `The relay's answer is not a status: ${parsed.error}` };
  return { kind: 'ok', view: parsed.value };
}

function errorText(e: unknown): string {
  // Duck-typed: Scriptable's native errors are not always `instanceof Error`.
  const m = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  const message = typeof m === 'string' && m ? m : String(e);
  return message.length > 80 ? `${message.slice(0, 77)}…` : message;
}
