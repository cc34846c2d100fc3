import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouletteRoundView } from '../../../core';
import type { Store } from '../../../relay/store/store';
import { eventsOf } from '../../fakes/microsoft/org-events';
import { addPeople, orgOf } from '../../fakes/microsoft/org-model';
import { setWorkingHours } from '../../fakes/microsoft/org-working-hours';
import { startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { rosterFromFake, startJobsRelay } from '../../support/jobs-relay';
import { adminHeaders } from '../../support/org-relay';
import { embeddedFactory, storeForBlock } from '../store-factories';
import { wallClock } from '../../../relay/roulette/time-zones';

const PEOPLE = 41; // odd: one trio
/** Where p{i} works (IANA names of the Windows names the fake answers with). */
const ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin'];
const DAY = 86_400_000;
/** A Monday two weeks ahead, so the whole week is still to come. */
const WEEK_OF = (() => {
  const d = new Date(Date.now() + 14 * DAY);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
})();

describe('meeting roulette over the API and the Microsoft fake', () => {
  const factory = embeddedFactory();
  let fake: MicrosoftFake;
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = adminHeaders({ 'content-type': 'application/json' })) => {
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    fake = await startMicrosoftFake();
    const people = addPeople(fake.state, PEOPLE);
    // Three working patterns in three zones: London, New York (Windows names) and Berlin.
    people.forEach((p, i) => {
      const zone = ['GMT Standard Time', 'Eastern Standard Time', 'Europe/Berlin'][i % 3]!;
      setWorkingHours(p, { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: zone } });
    });
    orgOf(fake.state).switches.roles.push('Calendars.ReadWrite');
    await rosterFromFake(store, fake);
    ({ url: base, close } = await startJobsRelay(store, fake, { CALENDAR_SYNC_MINUTES: '0', PRESENCE_SYNC_SECONDS: '0' }));
  });
  afterAll(async () => {
    await close?.();
    await fake?.close();
  });

  it('refuses bad settings naming the field, and answers the settings merged with the defaults', async () => {
    const bad = await api('PUT', '/api/v1/org/roulette', { durationMinutes: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'durationMinutes' });
    const ok = await api('PUT', '/api/v1/org/roulette', { durationMinutes: 30, timeZone: 'Europe/London', noRepeatWeeks: 12 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ groupSize: 2, durationMinutes: 30, timeZone: 'Europe/London', crossDepartment: true });
    expect((await api('PUT', '/api/v1/org/roulette', { durationMinutes: 30 }, { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('a dry run places everyone once (one trio), with a free slot inside everyone\'s working hours, and creates no event', async () => {
    const { status, body } = await api('POST', '/api/v1/org/roulette/rounds', { dryRun: true, weekOf: WEEK_OF });
    expect(status).toBe(201);
    const round = body as unknown as RouletteRoundView;
    const placed = round.pairs.flatMap((p) => p.people);
    expect(new Set(placed).size).toBe(PEOPLE);
    expect(round.pairs.filter((p) => p.people.length === 3)).toHaveLength(1);
    expect(round.unpaired).toEqual([]);
    for (const p of round.pairs) {
      expect(p.state).toBe('planned');
      expect(p.slot).not.toBeNull();
      // Inside each person's own working day, on their wall clock (p{i} works in ZONES[i % 3]).
      for (const email of p.people) {
        const zone = ZONES[Number(/^p(\d+)@/.exec(email)![1]) % 3]!;
        for (const t of [Date.parse(p.slot!.start), Date.parse(p.slot!.end)]) {
          const w = wallClock(t, zone);
          expect(w.minutes, `${email} at ${p.slot!.start} in ${zone}`).toBeGreaterThanOrEqual(9 * 60);
          expect(w.minutes).toBeLessThanOrEqual(17 * 60);
          expect(['saturday', 'sunday']).not.toContain(w.weekday);
        }
      }
    }
    expect(eventsOf(fake.state).events.size).toBe(0);
    expect(round.figures).toMatchObject({ placed: PEOPLE, eligible: PEOPLE, repeatRate: 0 });
    // Reproducible: the same week gives the same plan.
    const again = (await api('POST', '/api/v1/org/roulette/rounds', { dryRun: true, weekOf: WEEK_OF })).body as unknown as RouletteRoundView;
    expect(again.pairs).toEqual(round.pairs);
  });

  it('a real round creates a Teams event in the organiser\'s calendar with the others invited; rescheduling moves it once', async () => {
    const { body } = await api('POST', '/api/v1/org/roulette/rounds', { weekOf: WEEK_OF });
    const round = body as unknown as RouletteRoundView;
    expect(round.pairs.every((p) => p.state === 'scheduled')).toBe(true);
    const twice = await api('POST', '/api/v1/org/roulette/rounds', { weekOf: WEEK_OF });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'round_exists' });
    const events = [...eventsOf(fake.state).events.values()];
    expect(events).toHaveLength(round.pairs.length);
    const first = round.pairs[0]!;
    const event = events.find((e) => e.organiser === first.people[0])!;
    expect(event.attendees).toEqual(first.people.slice(1));
    expect(event.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(first.link).toBe(event.joinUrl);
    expect(new Date(event.start).toISOString()).toBe(first.slot!.start);

    const outsider = round.pairs[1]!.people[0]!;
    expect((await api('POST', `/api/v1/org/roulette/rounds/${round.id}/groups/0/reschedule`, { by: outsider })).status).toBe(422);
    const offer = await api('POST', `/api/v1/org/roulette/rounds/${round.id}/groups/0/reschedule`, { by: first.people[1] });
    expect(offer.status).toBe(200);
    const slots = offer.body.slots as { start: string; end: string }[];
    expect(slots.length).toBeGreaterThan(1);
    // The Teams message for the partner: an Adaptive Card 1.5 whose one button opens the page.
    const message = offer.body.message as { type: string; attachments: { contentType: string; content: { version: string; body: { facts?: unknown[] }[]; actions: { type: string; url: string }[] } }[] };
    expect(message.type).toBe('message');
    expect(message.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = message.attachments[0]!.content;
    expect(card.version).toBe('1.5');
    expect(card.body.find((b) => b.facts)!.facts).toHaveLength(slots.length);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Pick a time', url: offer.body.url }]);
    const code = String(offer.body.code);
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);
    const page = await fetch(String(offer.body.url).replace('https://status.example.test', base));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Pick another time');
    expect(html.match(/<button/g)).toHaveLength(slots.length + 1);
    // Opening the page changes nothing; posting the choice moves the event, once.
    const post = () => fetch(`${base}/r/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'choice=1' });
    expect((await post()).status).toBe(200);
    expect(new Date(event.start).toISOString()).toBe(slots[1]!.start);
    expect((await post()).status).toBe(404);
    const after = (await api('GET', `/api/v1/org/roulette/rounds/${round.id}`)).body as unknown as RouletteRoundView;
    expect(after.pairs[0]).toMatchObject({ state: 'rescheduled', slot: slots[1] });
    // The next round remembers this one: nobody meets the same person again.
    const next = (await api('POST', '/api/v1/org/roulette/rounds', { dryRun: true, weekOf: new Date(Date.parse(`${WEEK_OF}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10) })).body as unknown as RouletteRoundView;
    expect(next.figures.repeatRate).toBe(0);
    const met = (await api('POST', `/api/v1/org/roulette/rounds/${round.id}/groups/1/outcome`, { state: 'no-show' })).body;
    expect(met.state).toBe('no-show');
  });

  it('where the relay may not write a calendar (403) a group gets a Teams meeting link with everything filled in', async () => {
    // An application access policy keeping the app out of every mailbox: Graph answers 403.
    for (const p of orgOf(fake.state).people.values()) eventsOf(fake.state).denied.add(p.mail.toLowerCase());
    const later = new Date(Date.parse(`${WEEK_OF}T00:00:00Z`) + 14 * DAY).toISOString().slice(0, 10);
    const round = (await api('POST', '/api/v1/org/roulette/rounds', { weekOf: later })).body as unknown as RouletteRoundView;
    for (const p of round.pairs) {
      expect(p.state).toBe('link');
      const link = new URL(p.link!);
      expect(link.origin + link.pathname).toBe('https://teams.microsoft.com/l/meeting/new');
      expect(link.searchParams.get('attendees')).toBe(p.people.join(','));
      expect(link.searchParams.get('startTime')).toBe(p.slot!.start);
      expect(link.searchParams.get('endTime')).toBe(p.slot!.end);
    }
  });

  it('a person opts out or snoozes for themselves, and is not drawn', async () => {
    const email = 'p3@contoso.example';
    const invite = await api('POST', `/api/v1/org/people/${email}/invite`, {});
    const joined = await api('POST', `/api/v1/invites/${String(invite.body.code)}`, {}, { 'content-type': 'application/json' });
    const me = { authorization: `Bearer ${String(joined.body.token)}`, 'content-type': 'application/json' };
    expect((await api('PUT', '/api/v1/me/roulette', { doNotPair: ['not-an-email'] }, me)).status).toBe(400);
    expect((await api('PUT', '/api/v1/me/roulette', { optOut: true, doNotPair: ['P4@contoso.example'] }, me)).body).toEqual({ optOut: true, snoozeUntil: null, doNotPair: ['p4@contoso.example'] });
    const round = (await api('POST', '/api/v1/org/roulette/rounds', { dryRun: true, weekOf: WEEK_OF })).body as unknown as RouletteRoundView;
    expect(round.pairs.flatMap((p) => p.people)).not.toContain(email);
    expect(round.pairs.flatMap((p) => p.people)).toHaveLength(PEOPLE - 1);
    expect(round.pairs.some((p) => p.people.length === 3)).toBe(false);
    // Leaving takes their choices along: the do-not-pair list is nobody else's business.
    expect((await fetch(`${base}/api/v1/me`, { method: 'DELETE', headers: me })).status).toBe(204);
    expect(await store.getDocument('roulette-choices', email)).toBeNull();
  });
});
