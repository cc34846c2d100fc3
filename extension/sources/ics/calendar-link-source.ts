import type { Slot } from '../../platform/storage';
import type { SourceLine, SourceSettings } from '../../shared/messages';
import type { SourceContext, SourceReading, StatusSource } from '../source';
import { calendarReport, nextBoundary, toBlocks, type Block } from './blocks';
import { expandFeed, parseFeed } from './expand';
import { fetchFeed, type Validators } from './fetch-feed';
import { checkCalendarLink, normaliseCalendarLink } from './link-url';

/** What the source keeps between worker runs: the link, its validators and the blocks ahead. */
export interface CalendarLinkState {
  url: string | null;
  validators: Validators | null;
  blocks: Block[];
  /** The last answer that confirmed the calendar (a 200 or a 304), ms. */
  confirmedAt: number | null;
  /** The last full answer (200), ms: the blocks were expanded from then. */
  fetchedAt: number | null;
  checkedAt: number | null;
  problem: string | null;
}

export const EMPTY_CALENDAR_LINK: CalendarLinkState = { url: null, validators: null, blocks: [], confirmedAt: null, fetchedAt: null, checkedAt: null, problem: null };

export interface CalendarLinkOptions {
  context: SourceContext;
  state: Slot<CalendarLinkState>;
  fetch: typeof fetch;
  /** The person's zone: all-day events are read in it, and the popup's times are written in it. */
  timeZone: string;
  /** Only for Node callers (see fetchFeed); the extension sends the browser's own. */
  userAgent?: string;
  /** Whether the browser lets the worker read this link's host; absent: assume it does. */
  hasAccess?: (url: string) => Promise<boolean>;
}

const MINUTE = 60_000;
export const CHECK_EVERY_MS = 15 * MINUTE;
/** Blocks are expanded this far ahead of a full fetch... */
export const HORIZON_MS = 48 * 60 * MINUTE;
/** ...and a full fetch (no validators) is forced once this old, so at least a day stays known. */
const FULL_FETCH_EVERY_MS = 24 * 60 * MINUTE;
/** Opening the popup re-checks only a link this stale: a 304 is cheap but not free. */
const REFRESH_AFTER_MS = 5 * MINUTE;

const SHOW_AS_WORDS = { busy: 'busy', tentative: 'tentative', oof: 'out of office', workingElsewhere: 'working elsewhere', free: 'free' } as const;

/**
 * A published calendar (Outlook's "Publish a calendar" ICS link) as the `calendar` source:
 * fetched when the link is saved, every 15 minutes and at each block boundary, conditionally
 * (If-None-Match / If-Modified-Since). A failed fetch keeps the previous calendar; its report
 * keeps its old observedAt, so it turns stale on time instead of pretending to be current.
 */
export function calendarLinkSource(opts: CalendarLinkOptions): StatusSource<'calendar'> & { checkNow(): Promise<void> } {
  const { context: ctx } = opts;
  let state: CalendarLinkState = EMPTY_CALENDAR_LINK;
  let loaded: Promise<void> | null = null;
  let started = false;
  let inFlight: Promise<void> | null = null;
  let listener: () => void = () => undefined;

  const load = () => (loaded ??= opts.state.get().then((s) => void (state = { ...EMPTY_CALENDAR_LINK, ...s })));

  const save = async (next: CalendarLinkState) => {
    state = next;
    await opts.state.set(next).catch((err: unknown) => ctx.log(`could not save the calendar: ${String(err)}`));
    listener();
  };

  const schedule = () => {
    if (!started || !state.url) return ctx.alarms.clear('check');
    const now = ctx.now();
    const due = (state.checkedAt ?? now) + CHECK_EVERY_MS;
    const boundary = nextBoundary(state.blocks, now);
    ctx.alarms.set('check', Math.min(due, boundary ?? due));
  };

  async function check(): Promise<void> {
    const url = state.url;
    if (!url) return;
    const full = state.fetchedAt === null || ctx.now() - state.fetchedAt >= FULL_FETCH_EVERY_MS;
    // Without the permission the fetch fails like a network error: say what is really wrong.
    const allowed = (await opts.hasAccess?.(url).catch(() => true)) ?? true;
    const answer = allowed
      ? await fetchFeed(url, { fetch: opts.fetch, validators: full ? null : state.validators, userAgent: opts.userAgent })
      : { kind: 'problem' as const, problem: `The extension is not allowed to read ${new URL(url).host}: save the link again on the options page and choose Allow.` };
    if (state.url !== url) return; // the link changed meanwhile: that one's check owns the state
    const now = ctx.now();
    let next: CalendarLinkState = { ...state, checkedAt: now };
    if (answer.kind === 'unchanged') next = { ...next, confirmedAt: now, problem: null };
    else if (answer.kind === 'problem') next = { ...next, problem: answer.problem };
    else {
      try {
        let unreadable = 0;
        const occurrences = expandFeed(parseFeed(answer.text), { fromMs: now, toMs: now + HORIZON_MS, timeZone: opts.timeZone }, () => unreadable++);
        if (unreadable > 0) ctx.log(`${unreadable} event(s) of the calendar could not be read and were skipped`);
        const blocks = toBlocks(occurrences);
        next = { ...next, blocks, validators: answer.validators, confirmedAt: now, fetchedAt: now, problem: null };
      } catch (err) {
        next = { ...next, problem: err instanceof Error ? err.message : String(err) };
      }
    }
    if (next.problem) ctx.log(next.problem);
    await save(next);
    schedule();
  }

  /** One check at a time: a save during a slow fetch waits for it, then checks the new link. */
  const checkNow = async (): Promise<void> => {
    await load();
    while (inFlight) await inFlight;
    inFlight = check().finally(() => (inFlight = null));
    await inFlight;
  };

  const health = (): SourceLine => {
    const line = { id: 'calendar-link', name: 'Calendar link', updatedAt: state.confirmedAt === null ? null : new Date(state.confirmedAt).toISOString() };
    if (!state.url) return { ...line, words: 'Not set', tone: 'off', detail: null };
    if (state.problem) {
      const kept = state.confirmedAt === null ? null : 'showing the calendar last read';
      return { ...line, words: 'Problem', tone: 'bad', detail: [state.problem, kept].filter(Boolean).join(' — ') };
    }
    if (state.confirmedAt === null) return { ...line, words: 'Reading the calendar…', tone: 'wait', detail: null };
    const now = ctx.now();
    const { current, next } = calendarReport(state.blocks, now, '');
    const parts = [current && `${SHOW_AS_WORDS[current.showAs]} until ${opts.context.clock(current.end)}`, next ? `next ${opts.context.clock(next.start)} (${SHOW_AS_WORDS[next.showAs]})` : 'nothing next in the coming day'];
    return { ...line, words: 'Up to date', tone: 'ok', detail: parts.filter(Boolean).join('; ') };
  };

  return {
    id: 'calendar-link',
    publishes: 'calendar',
    checkNow,
    async start() {
      await load();
      started = true;
      const due = state.url && (state.checkedAt === null || ctx.now() - state.checkedAt >= CHECK_EVERY_MS);
      // Not awaited: the worker waits for every start() before it answers anything, and a slow
      // calendar server must not hold up the popup. The change callback publishes the result.
      if (due) void checkNow().catch((err: unknown) => ctx.log(`calendar check failed: ${String(err)}`));
      else schedule();
    },
    stop() {
      started = false;
      ctx.alarms.clear('check');
    },
    health,
    current(): SourceReading<'calendar'> {
      if (!state.url) return { report: null, clear: true };
      // A link not read yet (or never readable) withdraws what an earlier link said.
      if (state.confirmedAt === null) return { report: null, clear: true };
      return { report: calendarReport(state.blocks, ctx.now(), new Date(state.confirmedAt).toISOString()) };
    },
    onChange(fn) {
      listener = fn;
    },
    wantsKeepAlive: () => false,
    checkSettings: (patch) => (patch.calendarLinkUrl !== undefined ? checkCalendarLink(patch.calendarLinkUrl) : null),
    async configure(settings: SourceSettings) {
      await load();
      const url = normaliseCalendarLink(settings.calendarLinkUrl);
      if (url === state.url) return;
      // A new link is a new calendar: nothing of the old one may show under it.
      await save({ ...EMPTY_CALENDAR_LINK, url });
      if (started && url) await checkNow();
      else schedule();
    },
    async onAlarm(name) {
      if (name === 'check') await checkNow();
    },
    refresh() {
      if (started && state.url && (state.checkedAt === null || ctx.now() - state.checkedAt >= REFRESH_AFTER_MS)) void checkNow();
    },
  };
}
