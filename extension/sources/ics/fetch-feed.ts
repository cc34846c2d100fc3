/** What a server said last time, so an unchanged calendar costs a 304 and no parsing. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedAnswer =
  | { kind: 'changed'; text: string; validators: Validators }
  | { kind: 'unchanged' }
  | { kind: 'problem'; problem: string };

export interface FetchFeedOptions {
  fetch: typeof fetch;
  validators?: Validators | null;
  /**
   * Outlook answers HTTP 500 to non-browser clients for some tenants (since 2025). The
   * extension is a browser and sends its own; a Node caller (tests, a relay job) passes one.
   */
  userAgent?: string;
  timeoutMs?: number;
}

/** Feeds past this size are refused rather than parsed in the service worker. */
export const MAX_FEED_BYTES = 8 * 1024 * 1024;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function statusProblem(status: number, host: string): string {
  if (status === 404 || status === 410) return `The calendar link was not found (HTTP ${status} from ${host}): it may have been unpublished or reset in Outlook. Publish the calendar again and paste the new ICS link.`;
  if (status === 401 || status === 403) return `The calendar link refused access (HTTP ${status} from ${host}): publishing may be turned off for your organisation, or the link was reset.`;
  if (status === 429) return `The calendar server asks us to slow down (HTTP 429 from ${host}); the next try is in 15 minutes.`;
  return `The calendar server answered HTTP ${status} (${host}); the previous calendar is kept and the next try is in 15 minutes.`;
}

/**
 * One conditional GET of a published calendar, every answer put in words. A problem never
 * throws: the caller keeps the previous calendar and shows the words.
 */
export async function fetchFeed(url: string, opts: FetchFeedOptions): Promise<FeedAnswer> {
  const host = hostOf(url);
  const headers: Record<string, string> = { Accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1' };
  if (opts.validators?.etag) headers['If-None-Match'] = opts.validators.etag;
  if (opts.validators?.lastModified) headers['If-Modified-Since'] = opts.validators.lastModified;
  if (opts.userAgent) headers['User-Agent'] = opts.userAgent;
  let res: Response;
  try {
    res = await opts.fetch(url, { headers, cache: 'no-store', redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return { kind: 'problem', problem: timedOut ? `The calendar link did not answer within 30 seconds (${host}).` : `Could not reach the calendar link (${host}): offline, or the address is wrong.` };
  }
  if (res.status === 304) return { kind: 'unchanged' };
  if (!res.ok) {
    void res.body?.cancel();
    return { kind: 'problem', problem: statusProblem(res.status, host) };
  }
  if (Number(res.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) {
    void res.body?.cancel();
    return { kind: 'problem', problem: `The calendar is too large to read (over ${MAX_FEED_BYTES / 1024 / 1024} MB).` };
  }
  const text = await res.text().catch(() => null);
  if (text === null) return { kind: 'problem', problem: `The calendar link's answer broke off (${host}); the next try is in 15 minutes.` };
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
  if (type.includes('text/html') || head.startsWith('<')) {
    return { kind: 'problem', problem: 'The calendar link answered a web page, not a calendar: in Outlook, copy the ICS link (it ends in .ics), not the HTML one.' };
  }
  if (!head.startsWith('begin:vcalendar')) return { kind: 'problem', problem: 'The calendar link\'s answer is not a calendar (ICS) file: check that you copied the ICS link from Outlook\'s "Publish a calendar".' };
  return { kind: 'changed', text, validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') } };
}
