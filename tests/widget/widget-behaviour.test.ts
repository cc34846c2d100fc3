import { beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITIES } from '../../core/availability';
import { STATUS_COLOURS } from '../../core/palette';
import { loadWidgetScript } from '../../relay/pages/widget-script';
import { runScriptable, type RequestHandler, type RunOptions } from '../fakes/scriptable/run';
import { contrast, minimumContrast, nodes, symbols, textNode, texts } from './tree-query';
import { answer, API_URL, builtWidget, MINUTE, networkDown, NOW, SHARE_ID, SHARE_URL, VIEWS } from './widget-fixtures';

let source = '';
beforeAll(async () => {
  source = await builtWidget();
});

const run = (opts: Partial<RunOptions> & { handler: RequestHandler }, script = source) =>
  runScriptable(script, { family: 'medium', parameter: SHARE_URL, now: NOW, files: new Map(), ...opts });
const textOf = async (opts: Partial<RunOptions> & { handler: RequestHandler }, script = source) => texts((await run(opts, script)).widget!).join('\n');

describe('which share the widget reads', () => {
  it.each([
    ['a full link', SHARE_URL, API_URL],
    ['a link with a trailing slash and query', `${SHARE_URL}/?utm=x`, API_URL],
    ['the widget.js link itself', `${SHARE_URL}/widget.js`, API_URL],
    ['a relay under a path prefix', `https://example.org/teams/s/${SHARE_ID}`, `https://example.org/teams/api/v1/s/${SHARE_ID}`],
    ['surrounding spaces', `  ${SHARE_URL}\n`, API_URL],
  ])('parameter: %s', async (_name, parameter, api) => {
    const r = await run({ parameter, handler: answer(VIEWS.available) });
    expect(r.requests.map((q) => q.url)).toEqual([api]);
  });

  it('the parameter wins over the link built into the script', async () => {
    const script = (await loadWidgetScript('https://other.example/s/zzzzzzzzzzzzzzzzzzzzzz'))!;
    const r = await run({ parameter: SHARE_URL, handler: answer(VIEWS.available) }, script);
    expect(r.requests.map((q) => q.url)).toEqual([API_URL]);
  });

  it('a bare share id is read from the built-in link’s relay', async () => {
    const script = (await loadWidgetScript('https://other.example/s/zzzzzzzzzzzzzzzzzzzzzz'))!;
    const r = await run({ parameter: SHARE_ID, handler: answer(VIEWS.available) }, script);
    expect(r.requests.map((q) => q.url)).toEqual([`https://other.example/api/v1/s/${SHARE_ID}`]);
    expect(r.widget?.url).toBe(`https://other.example/s/${SHARE_ID}`);
  });

  it('a bare share id without a built-in link asks for the whole link', async () => {
    const r = await run({ parameter: SHARE_ID, handler: answer(VIEWS.available) });
    expect(r.requests).toEqual([]);
    expect(texts(r.widget!).join('\n')).toContain('Paste the whole link');
  });

  it.each(['hello', 'ftp://relay.example.org/s/abcdefghijkl', 'https://relay.example.org/x/abcdefghijkl'])('rejects the parameter %j', async (parameter) => {
    const r = await run({ parameter, handler: answer(VIEWS.available) });
    expect(r.requests).toEqual([]);
    expect(texts(r.widget!)).toContain('Not a share link');
  });
});

describe('what the relay answers', () => {
  it.each([
    ['a 500', answer({ error: { code: 'store_unavailable', message: 'x' } }, 503), 'The relay answered 503'],
    ['a timeout', () => Promise.reject(new Error('The request timed out.')), 'No connection to the relay: The request timed out.'],
    ['not JSON', () => ({ status: 200, body: '<html>proxy login</html>' }), 'not JSON'],
    ['a huge body', () => ({ status: 200, body: `"${'x'.repeat(70_000)}"` }), 'far too large'],
    ['JSON that is not a status', answer({ ...VIEWS.available, since: 'yesterday' }), 'since must be an ISO 8601 time'],
    ['a status without a user', answer({ ...VIEWS.available, user: null }), 'user must be an object'],
    ['a call flag that is not a boolean', answer({ ...VIEWS.inCallMuted, call: { inCall: true, muted: 'yes' } }), 'call.muted must be true or false'],
  ] as [string, RequestHandler, string][])('%s with nothing cached: the offline screen names the reason', async (_n, handler, reason) => {
    const all = await textOf({ handler, family: 'large' });
    expect(all).toContain('Offline');
    expect(all).toContain(reason);
  });

  it('a bad answer after a good one shows the cached status, stale', async () => {
    const files = new Map<string, string>();
    await run({ files, now: NOW - 30 * MINUTE, handler: answer(VIEWS.busyUntil) });
    const r = await run({ files, handler: answer({ nonsense: true }) });
    const w = r.widget!;
    expect(texts(w)).toEqual(expect.arrayContaining(['Grace Hopper', 'Busy', 'Updated', 'ago']));
    expect(nodes(w).find((n) => n.type === 'date')).toMatchObject({ style: 'relative', date: NOW - 30 * MINUTE });
    expect(symbols(w)).toContain('wifi.slash');
  });

  it('an availability this version does not know reads as Unknown, in grey', async () => {
    const r = await run({ family: 'small', handler: answer({ ...VIEWS.available, availability: 'Elsewhere', label: 'Elsewhere' }) });
    expect(textNode(r.widget!, 'Elsewhere').color?.light.hex).toBe(STATUS_COLOURS.Unknown.light);
    expect(symbols(r.widget!)[0]).toBe('questionmark.circle');
  });

  it('a status the relay itself marks stale is marked, dated by its last update', async () => {
    const updatedAt = new Date(NOW - 20 * MINUTE).toISOString();
    const r = await run({ handler: answer({ ...VIEWS.busyUntil, stale: true, updatedAt }) });
    expect(nodes(r.widget!).find((n) => n.type === 'date')).toMatchObject({ style: 'relative', date: NOW - 20 * MINUTE });
    expect(symbols(r.widget!)).toContain('exclamationmark.triangle.fill');
    expect(textNode(r.widget!, 'Busy').color?.light.hex).toBe(STATUS_COLOURS.Busy.light);
  });

  it('a stale status over an hour old loses its colour, so it cannot pass for live', async () => {
    const files = new Map<string, string>();
    await run({ files, now: NOW - 61 * MINUTE, handler: answer(VIEWS.busyUntil) });
    const r = await run({ files, handler: networkDown });
    expect(textNode(r.widget!, 'Busy').color?.light.hex).toBe(STATUS_COLOURS.Unknown.light);
    expect(texts(r.widget!)).toContain('Updated');
  });
});

describe('every availability', () => {
  it.each(AVAILABILITIES)('%s: the status reads on the widget ground in light and dark', async (availability) => {
    const r = await run({ family: 'small', handler: answer({ ...VIEWS.available, availability, activity: availability, label: availability }) });
    const headline = textNode(r.widget!, availability);
    expect(headline.color?.light.hex).toBe(STATUS_COLOURS[availability].light);
    for (const a of ['light', 'dark'] as const) expect(contrast(headline.color!, r.widget!.background!, a)).toBeGreaterThanOrEqual(minimumContrast(headline.font));
  });
});

describe('the cache', () => {
  it('keeps the last good answer in local files, one per share', async () => {
    const files = new Map<string, string>();
    await run({ files, handler: answer(VIEWS.inCallMuted) });
    expect([...files.keys()]).toEqual([expect.stringMatching(new RegExp(`/Documents/teams-status-${SHARE_ID}\\.json$`))]);
    const saved = JSON.parse([...files.values()][0]!) as { fetchedAt: string };
    expect(saved.fetchedAt).toBe(new Date(NOW).toISOString());
  });

  it('a revoked link forgets the cached status: later outages do not resurrect it', async () => {
    const files = new Map<string, string>();
    await run({ files, handler: answer(VIEWS.inCallMuted) });
    expect(await textOf({ files, handler: answer({ error: { code: 'not_found', message: 'x' } }, 404) })).toContain('This link was revoked');
    expect(files.size).toBe(0);
    const later = await textOf({ files, handler: networkDown });
    expect(later).toContain('Offline');
    expect(later).not.toContain('In a call');
  });

  it('a cache that cannot be written does not hide the fresh status', async () => {
    class FullDisk extends Map<string, string> {
      override set(): this {
        throw new Error('No space left on device');
      }
    }
    const r = await run({ files: new FullDisk(), handler: answer(VIEWS.inCallMuted) });
    expect(texts(r.widget!)).toContain('In a call');
  });

  it('a corrupt cache file is ignored, not a crash', async () => {
    const files = new Map<string, string>();
    await run({ files, handler: answer(VIEWS.inCallMuted) });
    for (const k of files.keys()) files.set(k, '{"fetchedAt": "soon", "view": 3');
    const r = await run({ files, handler: networkDown });
    expect(r.completed).toBe(true);
    expect(texts(r.widget!)).toContain('Offline');
  });
});

describe('when something unexpected breaks', () => {
  it('the widget says so instead of failing', async () => {
    const broken = source.replace('function fetchShareView(apiUrl) {', 'function fetchShareView(apiUrl) {\n\tnull.boom;');
    expect(broken).not.toBe(source);
    const r = await run({ family: 'medium', handler: answer(VIEWS.available) }, broken);
    expect(r.completed).toBe(true);
    expect(texts(r.widget!)).toEqual(expect.arrayContaining(['Widget error', 'Something unexpected went wrong.']));
  });
});

describe('running in the app', () => {
  it('presents a medium preview instead of setting a widget', async () => {
    const r = await run({ family: null, handler: answer(VIEWS.available) });
    expect(r.presented).toBe('medium');
    expect(r.completed).toBe(true);
    expect(texts(r.widget!)).toContain('Available');
  });
});
