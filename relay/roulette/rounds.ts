import { randomBytes, randomUUID } from 'node:crypto';
import type { GroupState, RouletteChoices, RouletteSettings, RouletteSlot } from '../../core';
import type { GraphApp } from '../graph/graph-app';
import { HttpError } from '../http/http-error';
import { KeyedSerialQueue } from '../store/serial-queue';
import type { Store } from '../store/store';
import { fetchCalendars } from './graph-calendars';
import { createEvent, moveEvent, teamsMeetingLink } from './graph-events';
import { rescheduleCard, teamsMessage } from './reschedule-card';
import { queueRescheduleNotice, rescheduleEvent, type NoticeOutcome } from './reschedule-notice';
import { matchRound, type Participant } from './matcher';
import { RouletteData, type GroupRecord, type RescheduleOffer, type RoundRecord } from './roulette-data';
import { nextSlots, pickSlot, SlotLoad, type PersonCalendar, type SlotWindow } from './slots';
import { instantOf } from './time-zones';

export interface RouletteDeps {
  store: Store;
  /** App-only Graph (null without GRAPH_*: groups are planned without slots or events). */
  graph: () => GraphApp | null;
  now: () => number;
  publicUrl: string;
  /** Deliver queued notifications now rather than at the worker's next poll. */
  wakeNotify?: () => void;
}

/** What a long round reports (the CLI's progress bar). */
export type RoundProgress = (phase: 'matching' | 'calendars' | 'slots' | 'events', done: number, total: number) => void;

const DAY_MS = 86_400_000;
const OFFERED_SLOTS = 3;
const iso = (ms: number) => new Date(ms).toISOString();
const slotOf = (s: { start: number; end: number }): RouletteSlot => ({ start: iso(s.start), end: iso(s.end) });

/** The Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const day = (new Date(ms).getUTCDay() + 6) % 7;
  return iso(ms - day * DAY_MS).slice(0, 10);
}

const addDays = (date: string, days: number) => iso(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).slice(0, 10);

/**
 * Meeting roulette's rounds: who is in the draw, the matching, a slot for each group from
 * everyone's calendar, the event (or a Teams link), rescheduling through one-time codes, and
 * what happened afterwards. Routes, the CLI and the scheduled job all come through here.
 */
export class Roulette {
  readonly data: RouletteData;
  /**
   * A round is one document: changes to it (reschedules, answers, outcomes) queue up per round on
   * this replica so two answers in one round do not overwrite each other.
   */
  private readonly perRound = new KeyedSerialQueue();

  constructor(private readonly deps: RouletteDeps) {
    this.data = new RouletteData(deps.store);
  }

  async updateSettings(change: Partial<RouletteSettings>): Promise<RouletteSettings> {
    const next = { ...(await this.data.settings()), ...change };
    await this.data.saveSettings(next);
    return next;
  }

  async updateChoices(email: string, change: Partial<RouletteChoices>): Promise<RouletteChoices> {
    const next = { ...(await this.data.choices(email)), ...change };
    next.doNotPair = [...new Set(next.doNotPair.map((e) => e.toLowerCase()))].filter((e) => e !== email.toLowerCase());
    await this.data.saveChoices(email, next);
    return next;
  }

  /** Opted-in roster people for the week: opted-out and snoozed people are not in the draw. */
  async participants(weekOf: string): Promise<Participant[]> {
    const [roster, choices] = await Promise.all([this.deps.store.listRoster(), this.data.allChoices()]);
    return roster.flatMap((u) => {
      if (!u.email) return [];
      const c = choices.get(u.email);
      if (c?.optOut || (c?.snoozeUntil && c.snoozeUntil > weekOf)) return [];
      return [{ email: u.email, department: u.roster?.department ?? null, doNotPair: c?.doNotPair ?? [] }];
    });
  }

  async plan(request: { dryRun?: boolean; weekOf?: string; seed?: string }, progress: RoundProgress = () => {}): Promise<RoundRecord> {
    const settings = await this.data.settings();
    const weekOf = mondayOf(request.weekOf ?? iso(this.deps.now()).slice(0, 10));
    const dryRun = request.dryRun ?? false;
    const seed = request.seed ?? weekOf;
    const people = await this.participants(weekOf);
    const past = await this.data.history();
    const twin = past.find((r) => r.weekOf === weekOf);
    // A second real round would put a second meeting in everyone's calendar.
    if (twin && !dryRun) throw new HttpError('round_exists', `the week of ${weekOf} already has its round (${twin.id}); dry runs are always possible`);
    const history = past.filter((r) => r.weekOf < weekOf).map((r) => ({ weekOf: r.weekOf, groups: r.groups.map((g) => g.people) }));
    const plan = matchRound(people, history, { seed, weekOf, noRepeatWeeks: settings.noRepeatWeeks, crossDepartment: settings.crossDepartment }, (phase, done) => {
      if (phase === 'matching') progress('matching', Math.round(done * 100), 100);
    });
    const window = this.window(weekOf, settings, seed);
    const calendars = await this.calendars(plan.groups.flat(), window, (d, t) => progress('calendars', d, t));
    const load = new SlotLoad();
    const groups: GroupRecord[] = plan.groups.map((people, i) => {
      const cals = calendars ? people.map((p) => calendars.get(p) ?? null) : null;
      const found = cals && cals.every((c): c is PersonCalendar => c !== null) ? pickSlot(cals, window, load, people.join(',')) : null;
      progress('slots', i + 1, plan.groups.length);
      const slot = found ? slotOf(found) : null;
      const state: GroupState = calendars && !slot ? 'no-slot' : 'planned';
      return { people, slot, state, link: teamsMeetingLink(people, slot), organiser: null, eventId: null, log: [] };
    });
    const round: RoundRecord = { id: randomUUID(), weekOf, dryRun, createdAt: iso(this.deps.now()), seed, timeZone: settings.timeZone, durationMinutes: settings.durationMinutes, groups, unpaired: plan.unplaced, figures: plan.figures };
    if (!dryRun) await this.createEvents(round, progress);
    await this.data.saveRound(round);
    // Each new round is the moment to let the oldest go, so the store does not grow without end.
    await this.data.prune(this.deps.now(), settings.noRepeatWeeks);
    return round;
  }

  reschedule(roundId: string, index: number, by: string): Promise<{ slots: RouletteSlot[]; url: string; code: string; expiresAt: string; message: Record<string, unknown> } & NoticeOutcome> {
    return this.perRound.run(roundId, () => this.offerTimes(roundId, index, by));
  }

  private async offerTimes(roundId: string, index: number, by: string) {
    const { round, group } = await this.group(roundId, index);
    if (!group.people.includes(by.toLowerCase())) throw new HttpError('not_in_group', `${by} is not in group ${index} of this round`, 'by');
    const start = this.deps.now() + 3_600_000;
    const window: SlotWindow = { start, end: Math.max(this.window(round.weekOf, round, round.seed).end, start + 7 * DAY_MS), durationMinutes: round.durationMinutes, timeZone: round.timeZone, seed: round.seed };
    const calendars = await this.calendars(group.people, window);
    if (!calendars) throw new HttpError('calendars_unavailable', 'the relay cannot read calendars (no Microsoft Graph configured), so it cannot offer other times');
    const cals = group.people.map((p) => calendars.get(p) ?? null);
    if (cals.some((c) => c === null)) throw new HttpError('calendars_unavailable', 'Graph did not return the calendar of everyone in this group');
    const slots = nextSlots(cals as PersonCalendar[], window, OFFERED_SLOTS + 1)
      .map(slotOf)
      .filter((s) => s.start !== group.slot?.start)
      .slice(0, OFFERED_SLOTS);
    if (!slots.length) throw new HttpError('no_free_slot', 'nobody in this group has a common free time in the next week');
    const code = randomBytes(32).toString('base64url');
    const expiresAt = iso(Math.min(Date.parse(slots[0]!.start), this.deps.now() + 7 * DAY_MS));
    const offer: RescheduleOffer = { roundId, group: index, by: by.toLowerCase(), slots, expiresAt };
    await this.data.saveOffer(code, offer);
    group.log.push({ at: iso(this.deps.now()), what: 'asked for another time', by: by.toLowerCase() });
    await this.data.saveRound(round);
    const url = `${this.deps.publicUrl}/r/${code}`;
    // The others hear it on their own channels; who has none is answered, for the asker to tell.
    const event = rescheduleEvent({ at: iso(this.deps.now()), by: by.toLowerCase(), slots, url, expiresAt, timeZone: round.timeZone });
    const told = await queueRescheduleNotice(this.deps.store, event, group.people.filter((p) => p !== by.toLowerCase()));
    if (told.notified.length) this.deps.wakeNotify?.();
    return { slots, url, code, expiresAt, message: teamsMessage(rescheduleCard(by.toLowerCase(), slots, url, round.timeZone)), ...told };
  }

  /** A live offer (for the page), or null when used, expired or unknown. */
  async offer(code: string): Promise<RescheduleOffer | null> {
    const offer = await this.data.offer(code);
    return offer && Date.parse(offer.expiresAt) > this.deps.now() ? offer : null;
  }

  /** The partner's answer on the page: one of the offered slots, or none of them (declined). */
  async answer(code: string, choice: number | 'decline'): Promise<{ round: RoundRecord; group: GroupRecord } | null> {
    const offer = await this.data.takeOffer(code);
    if (!offer || Date.parse(offer.expiresAt) <= this.deps.now()) return null;
    return this.perRound.run(offer.roundId, () => this.apply(offer, choice));
  }

  private async apply(offer: RescheduleOffer, choice: number | 'decline'): Promise<{ round: RoundRecord; group: GroupRecord }> {
    const { round, group } = await this.group(offer.roundId, offer.group);
    const at = iso(this.deps.now());
    const slot = choice === 'decline' ? undefined : offer.slots[choice];
    if (!slot) {
      group.state = 'declined';
      group.log.push({ at, what: 'declined the other times' });
    } else {
      const graph = this.deps.graph();
      const moved = graph && group.organiser && group.eventId ? await moveEvent(graph, group.organiser, group.eventId, slot) : false;
      group.slot = slot;
      group.state = 'rescheduled';
      if (!moved) group.link = teamsMeetingLink(group.people, slot);
      group.log.push({ at, what: moved ? 'moved the event' : 'chose another time (Teams link updated)' });
    }
    await this.data.saveRound(round);
    return { round, group };
  }

  outcome(roundId: string, index: number, state: 'met' | 'declined' | 'no-show'): Promise<GroupRecord> {
    return this.perRound.run(roundId, async () => {
      const { round, group } = await this.group(roundId, index);
      group.state = state;
      group.log.push({ at: iso(this.deps.now()), what: state });
      await this.data.saveRound(round);
      return group;
    });
  }

  private async group(roundId: string, index: number): Promise<{ round: RoundRecord; group: GroupRecord }> {
    const round = await this.data.round(roundId);
    if (!round) throw new HttpError('not_found', 'no round with that id');
    const group = round.groups[index];
    if (!group) throw new HttpError('not_found', `round ${roundId} has groups 0 to ${round.groups.length - 1}`);
    return { round, group };
  }

  /** The round's week in the organisation's zone, not earlier than an hour from now. */
  private window(weekOf: string, settings: { timeZone: string; durationMinutes: number }, seed: string): SlotWindow {
    const start = Math.max(instantOf(weekOf, 0, settings.timeZone), this.deps.now() + 3_600_000);
    return { start, end: Math.max(start, instantOf(addDays(weekOf, 7), 0, settings.timeZone)), durationMinutes: settings.durationMinutes, timeZone: settings.timeZone, seed };
  }

  private async calendars(emails: readonly string[], window: SlotWindow, onProgress?: (done: number, total: number) => void): Promise<Map<string, PersonCalendar | null> | null> {
    const graph = this.deps.graph();
    if (!graph || emails.length === 0 || window.end <= window.start) return graph ? new Map() : null;
    // Any mailbox may ask for everyone's free/busy; its Entra id is the surest way to name it.
    const asker = (await this.deps.store.getRosterEntry(emails[0]!))?.roster?.entraId ?? emails[0]!;
    return fetchCalendars(graph, asker, emails, window, (d) => onProgress?.(d, emails.length));
  }

  private async createEvents(round: RoundRecord, progress: RoundProgress): Promise<void> {
    const graph = this.deps.graph();
    let done = 0;
    for (const group of round.groups) {
      progress('events', ++done, round.groups.length);
      if (!graph || !group.slot) continue;
      const [organiser, ...attendees] = group.people as [string, ...string[]];
      const result = await createEvent(graph, organiser, attendees, group.slot);
      if (result.created) Object.assign(group, { state: 'scheduled', organiser, eventId: result.eventId, link: result.joinUrl ?? group.link });
      else Object.assign(group, { state: 'link', log: [...group.log, { at: round.createdAt, what: result.reason }] });
    }
  }
}
