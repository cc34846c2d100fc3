import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../extension/sources/ics/fetch-feed';
import { SAMPLE_FEED } from '../fakes/ics/sample-calendar';
import { startIcsFake, type IcsFake } from '../fakes/ics/server';
import { freePort } from '../support/ports';

/** What a browser sends; the extension's worker sends its own, Node must say it. */
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const opts = { fetch, userAgent: BROWSER_UA };

let fake: IcsFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('fetching a published calendar', () => {
  it('answers 304 to its own ETag, and the full feed again once it changed', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const first = await fetchFeed(fake.url(), opts);
    expect(first.kind).toBe('changed');
    if (first.kind !== 'changed') return;
    expect(first.text).toBe(SAMPLE_FEED);
    expect(first.validators.etag).toMatch(/^".+"$/);
    expect(await fetchFeed(fake.url(), { ...opts, validators: first.validators })).toEqual({ kind: 'unchanged' });
    fake.setFeed(SAMPLE_FEED.replace('Team sync', 'Team sync!'));
    expect((await fetchFeed(fake.url(), { ...opts, validators: first.validators })).kind).toBe('changed');
    expect(fake.requests().map((r) => [r.status, r.ifNoneMatch === first.validators.etag])).toEqual([[200, false], [304, true], [200, true]]);
  });

  it('falls back to If-Modified-Since when the server sends no ETag', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED, etag: false });
    const first = await fetchFeed(fake.url(), opts);
    if (first.kind !== 'changed') throw new Error(`expected the feed, got ${first.kind}`);
    expect(first.validators).toEqual({ etag: null, lastModified: expect.stringMatching(/GMT$/) });
    expect(await fetchFeed(fake.url(), { ...opts, validators: first.validators })).toEqual({ kind: 'unchanged' });
    expect(fake.requests()[1]?.ifModifiedSince).toBe(first.validators.lastModified);
  });

  it('says in words what is wrong with a link that answers a web page, 404, or something else', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    fake.setMode('html');
    expect(await fetchFeed(fake.url(), opts)).toEqual({ kind: 'problem', problem: expect.stringMatching(/answered a web page, not a calendar: in Outlook, copy the ICS link/) });
    fake.setMode('not-found');
    expect(await fetchFeed(fake.url(), opts)).toEqual({ kind: 'problem', problem: expect.stringMatching(/^The calendar link was not found \(HTTP 404 from 127\.0\.0\.1:\d+\): it may have been unpublished/) });
    fake.setMode('not-ics');
    expect(await fetchFeed(fake.url(), opts)).toEqual({ kind: 'problem', problem: expect.stringMatching(/is not a calendar \(ICS\) file/) });
    fake.setMode('server-error');
    expect(await fetchFeed(fake.url(), opts)).toEqual({ kind: 'problem', problem: expect.stringMatching(/answered HTTP 503 .*previous calendar is kept/) });
  });

  it('is refused by Outlook without a browser User-Agent (why Node callers pass one)', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    expect(await fetchFeed(fake.url(), { fetch })).toEqual({ kind: 'problem', problem: expect.stringMatching(/answered HTTP 500/) });
    expect((await fetchFeed(fake.url(), opts)).kind).toBe('changed');
  });

  it('says so when nothing answers', async () => {
    const port = await freePort();
    expect(await fetchFeed(`http://127.0.0.1:${port}/calendar.ics`, opts)).toEqual({ kind: 'problem', problem: `Could not reach the calendar link (127.0.0.1:${port}): offline, or the address is wrong.` });
  });
});
