import { beforeAll, describe, expect, it } from 'vitest';
import { STATUS_COLOURS, SURFACE_COLOURS } from '../../core/palette';
import { clockTime, LABEL_LOCALE } from '../../core/wording';
import { SYMBOL_SVG } from '../fakes/scriptable/symbols-svg';
import type { Family, RunResult } from '../fakes/scriptable/run';
import type { Appearance } from '../fakes/scriptable/tree';
import { colours, contrast, hexIn, minimumContrast, nodes, symbols, textNode, texts } from './tree-query';
import { API_URL, builtWidget, FAMILIES, HOME_FAMILIES, LOCK_FAMILIES, MINUTE, NOW, runState, SHARE_URL, STATES, VIEWS, type StateName } from './widget-fixtures';

const APPEARANCES: Appearance[] = ['light', 'dark'];
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string) => clockTime(iso, NOW, { timeZone: tz, locale: LABEL_LOCALE });
const isLock = (f: Family) => LOCK_FAMILIES.includes(f);
const runs = new Map<string, RunResult>();
const run = (state: StateName, family: Family): RunResult => {
  const r = runs.get(`${state}/${family}`);
  if (!r) throw new Error(`no run for ${state}/${family}`);
  return r;
};
const widgetOf = (state: StateName, family: Family) => {
  const w = run(state, family).widget;
  if (!w) throw new Error(`${state}/${family} set no widget`);
  return w;
};

beforeAll(async () => {
  const source = await builtWidget();
  for (const state of STATES) for (const family of FAMILIES) runs.set(`${state}/${family}`, await runState(source, state, family));
});

describe.each(FAMILIES)('%s', (family) => {
  it.each(STATES)('%s: sets the widget, completes, draws only known monochrome symbols', (state) => {
    const r = run(state, family);
    expect(r.completed).toBe(true);
    expect(r.widget).not.toBeNull();
    for (const s of symbols(widgetOf(state, family))) expect(Object.keys(SYMBOL_SVG)).toContain(s);
  });

  describe.each(APPEARANCES)('%s appearance', (appearance) => {
    it.each(STATES)('%s: every colour is dynamic and readable', (state) => {
      const w = widgetOf(state, family);
      for (const c of colours(w)) expect(c.dynamic).toBe(true);
      if (isLock(family)) {
        // The lock screen is monochrome: only white (at some opacity) reads on any wallpaper.
        for (const n of nodes(w)) if ((n.type === 'text' || n.type === 'date') && n.color) expect(n.color[appearance].hex).toBe('#FFFFFF');
        return;
      }
      const ground = w.background;
      expect(hexIn(ground, appearance)).toBe(SURFACE_COLOURS.background[appearance]);
      for (const n of nodes(w)) {
        if ((n.type === 'text' || n.type === 'date') && n.color && ground) expect(contrast(n.color, ground, appearance)).toBeGreaterThanOrEqual(minimumContrast(n.font));
      }
    });

    it.each(['available', 'inCallMuted', 'busyUntil', 'staleFromCache'] as const)('%s: the status reads in its palette colour', (state) => {
      const w = widgetOf(state, family);
      const view = state === 'staleFromCache' ? VIEWS.inCallMuted : VIEWS[state];
      const headline = isLock(family) ? null : textNode(w, view.label);
      if (headline) expect(hexIn(headline.color, appearance)).toBe(STATUS_COLOURS[view.availability][appearance]);
    });
  });

  it('available: name, status, since; tap opens the share page; refresh in ~15 min', () => {
    const r = run('available', family);
    const w = widgetOf('available', family);
    expect(r.requests).toEqual([{ url: API_URL, method: 'GET', headers: { Accept: 'application/json' }, timeoutInterval: 5 }]);
    expect(w.url).toBe(SHARE_URL);
    expect(w.refreshAfterDate).toBe(NOW + 15 * MINUTE);
    expect(symbols(w)[0]).toBe('checkmark.circle.fill');
    const all = texts(w).join('\n');
    if (family === 'accessoryInline') expect(all).toBe('Ada: Available');
    else if (family === 'accessoryCircular') expect(all).toBe('Free');
    else {
      expect(all).toContain('Ada Lovelace');
      expect(all).toContain('Available');
      expect(all).toContain(`since ${at(VIEWS.available.since)}`);
    }
    expect(all).not.toMatch(/Muted|Camera|until/);
  });

  it('in a call, muted (detailed): call symbol, mic and camera, short refresh', () => {
    const w = widgetOf('inCallMuted', family);
    expect(w.refreshAfterDate).toBe(NOW + 1.5 * MINUTE);
    expect(symbols(w)[0]).toBe('phone.fill');
    const all = texts(w);
    if (family === 'accessoryInline') return expect(all).toEqual(['Ada: In a call']);
    if (family === 'accessoryCircular') return expect(all).toEqual(['Call']);
    if (family === 'accessoryRectangular') return expect(all).toEqual(['Ada Lovelace', 'In a call', 'Muted · Camera off']);
    expect(all).toEqual(expect.arrayContaining(['Ada Lovelace', 'In a call', 'Muted', 'Camera off']));
    expect(symbols(w)).toEqual(expect.arrayContaining(['mic.slash.fill', 'video.slash.fill']));
    // The activity is the headline; the availability behind it is still said in words.
    expect(all).toContain(`Busy since ${at(VIEWS.inCallMuted.since)}`);
    if (family !== 'small') expect(all).toContain(`Busy until ${at(VIEWS.inCallMuted.calendar.busyUntil)}`);
    if (family === 'large') {
      expect(all).toContain(`Next meeting ${at(VIEWS.inCallMuted.calendar.next.start)}–${at(VIEWS.inCallMuted.calendar.next.end)}`);
      expect(all).toContain('“Back at 11”');
    }
  });

  it('busy until: shows the end of the busy block', () => {
    const w = widgetOf('busyUntil', family);
    const all = texts(w).join('\n');
    const until = at(VIEWS.busyUntil.calendar.busyUntil);
    if (family === 'accessoryInline') expect(all).toBe('Grace: Busy');
    else if (family === 'accessoryCircular') expect(all).toBe('Busy');
    else expect(all).toContain(`Busy until ${until}`);
    expect(w.refreshAfterDate).toBe(NOW + 15 * MINUTE);
  });

  it('stale from cache: the last good status, marked, with a live "updated N min ago"', () => {
    const r = run('staleFromCache', family);
    const w = widgetOf('staleFromCache', family);
    expect(r.requests).toHaveLength(1);
    expect(w.url).toBe(SHARE_URL);
    expect(w.refreshAfterDate).toBeLessThanOrEqual(NOW + 5 * MINUTE);
    const all = texts(w);
    if (family === 'accessoryInline') return expect(all).toEqual(['Ada: In a call (stale)']);
    if (family === 'accessoryCircular') return expect(all).toEqual(['Call?']);
    expect(all).toContain('In a call');
    const dates = nodes(w).filter((n) => n.type === 'date');
    expect(dates).toEqual([expect.objectContaining({ style: 'relative', date: NOW - 12 * MINUTE })]);
    expect(all).toEqual(expect.arrayContaining(['Updated', 'ago']));
    if (!isLock(family)) expect(hexIn(textNode(w, 'Updated').color, 'light')).toBe(SURFACE_COLOURS.stale.light);
  });

  it('relay down with no cache: a clear offline screen that retries soon', () => {
    const w = widgetOf('relayDownNoCache', family);
    expect(symbols(w)[0]).toBe('wifi.slash');
    expect(w.refreshAfterDate).toBe(NOW + 5 * MINUTE);
    const all = texts(w).join('\n');
    expect(all).toContain(family === 'accessoryCircular' ? 'Offline' : 'Offline');
    if (HOME_FAMILIES.includes(family)) expect(all).toContain("Can't reach the relay");
    if (family === 'medium' || family === 'large') expect(all).toContain('No connection to the relay: The Internet connection appears to be offline.');
    expect(all).not.toContain('In a call');
  });

  it('revoked link (404): says so and asks for a new one', () => {
    const w = widgetOf('revoked', family);
    const all = texts(w).join('\n');
    if (family === 'accessoryCircular') expect(all).toBe('Gone');
    else if (family === 'accessoryInline') expect(all).toBe('Link revoked');
    else if (family === 'accessoryRectangular') expect(all).toBe('Link revoked\nAsk for a new one');
    else expect(all).toContain('This link was revoked — ask for a new one.');
    expect(w.url).toBeNull();
  });

  it('no link: explains how to add one and makes no request', () => {
    const r = run('noLink', family);
    expect(r.requests).toEqual([]);
    const all = texts(widgetOf('noLink', family)).join('\n');
    if (family === 'accessoryCircular') expect(all).toBe('Link?');
    else expect(all).toContain('Add a share link');
    if (HOME_FAMILIES.includes(family)) expect(all).toContain('paste a share link as Parameter');
  });

  it('lock-screen families sit on the accessory background', () => {
    const w = widgetOf('available', family);
    expect(w.accessoryBackground).toBe(family === 'accessoryCircular' || family === 'accessoryRectangular');
  });
});
