import { beforeEach, describe, expect, it } from 'vitest';
import { graphCalendarSource } from '../../extension/sources/graph/calendar-source';
import { graphPresenceSource, toGraphReport } from '../../extension/sources/graph/presence-source';
import { toCalendarReport, scheduleItems } from '../../extension/sources/graph/schedule';
import type { MicrosoftFake } from '../fakes/microsoft/server';
import { until } from '../support/until';
import { account, microsoftFakeForFile } from './microsoft-harness';
import { testSourceContext } from './source-context';

let fake: MicrosoftFake;
microsoftFakeForFile((started) => (fake = started));
beforeEach(() => {
  fake.state.throttle = { count: 0, retryAfterS: 1 };
  fake.state.fail = { count: 0, status: 500 };
  fake.state.latencyMs = 0;
  fake.state.requests.length = 0;
});

const context = () => testSourceContext();

async function signedIn() {
  const acc = account(fake.origin);
  await acc.configure();
  await acc.a.signIn();
  return acc.a;
}

const presenceReads = () => fake.state.requests.filter((r) => r.path === '/v1.0/me/presence');

describe('Graph presence through the real SDK', () => {
  it.each([
    ['Busy', 'InAMeeting'],
    ['Busy', 'InACall'],
    ['Busy', 'Presenting'],
    ['DoNotDisturb', 'Presenting'],
    ['Away', 'Away'],
    ['Away', 'OutOfOffice'],
    ['Available', 'Available'],
    ['Offline', 'OffWork'],
    ['BusyIdle', 'SomethingNewFromMicrosoft'],
  ])('%s/%s is kept as Graph says it', (availability, activity) => {
    expect(toGraphReport({ availability, activity }, '2026-11-25T10:00:00.000Z')).toEqual({ observedAt: '2026-11-25T10:00:00.000Z', availability, activity });
  });

  it('values that are not a single word read PresenceUnknown; an HTML status message becomes plain text', () => {
    expect(toGraphReport({ availability: 'Busy now!', activity: 7, statusMessage: { message: { content: '<p>Back at&nbsp;<b>11</b></p>\n', contentType: 'html' } } }, '2026-11-25T10:00:00.000Z')).toEqual({ observedAt: '2026-11-25T10:00:00.000Z', availability: 'PresenceUnknown', activity: 'PresenceUnknown', statusMessage: 'Back at 11' });
  });

  it('polls right after sign-in, publishes the report, schedules the next poll, and stops on sign-out', async () => {
    const a = await signedIn();
    fake.state.presence = { availability: 'Busy', activity: 'InAMeeting', statusMessage: null };
    const ctx = context();
    const source = graphPresenceSource(ctx, a, { intervalMs: 30_000 });
    let changes = 0;
    source.onChange(() => void changes++);
    await source.start();
    await until(() => source.current().report, 'the first presence read');
    expect(source.current().report).toMatchObject({ availability: 'Busy', activity: 'InAMeeting' });
    expect(source.health()).toMatchObject({ name: 'Microsoft 365', words: 'Signed in as Ada Lovelace (ada@contoso.example)', tone: 'ok' });
    expect(ctx.alarmsSet.get('poll')! - Date.now()).toBeGreaterThan(25_000);
    await a.signOut();
    expect(source.current()).toEqual({ report: null, clear: true });
    expect(ctx.alarmsSet.has('poll')).toBe(false);
    const before = presenceReads().length;
    await source.onAlarm!('poll');
    expect(presenceReads().length).toBe(before);
    expect(changes).toBeGreaterThan(1);
  });

  it('a read still in flight when the person signs out is dropped: the report stays withdrawn', async () => {
    const a = await signedIn();
    fake.state.presence = { availability: 'DoNotDisturb', activity: 'Presenting', statusMessage: null };
    fake.state.latencyMs = 300;
    const ctx = context();
    const source = graphPresenceSource(ctx, a, { intervalMs: 30_000 });
    await source.start();
    // The alarm joins the read start() began; it settles when Graph's answer is in.
    const reading = source.onAlarm!('poll');
    await until(() => presenceReads().length === 1, 'the read to reach Graph');
    await a.signOut();
    let changes = 0;
    source.onChange(() => void changes++);
    await reading;
    expect(source.current()).toEqual({ report: null, clear: true });
    expect(changes).toBe(0);
    expect(ctx.alarmsSet.has('poll')).toBe(false);
  });

  it('a 429 is retried after its Retry-After (the SDK waits), then the reading arrives', async () => {
    const a = await signedIn();
    fake.state.presence = { availability: 'Away', activity: 'BeRightBack', statusMessage: null };
    fake.state.throttle = { count: 1, retryAfterS: 1 };
    const source = graphPresenceSource(context(), a);
    await source.start();
    await until(() => source.current().report, 'a presence read after throttling');
    const [throttled, retried] = presenceReads();
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1000);
    expect(source.current().report).toMatchObject({ activity: 'BeRightBack' });
  });

  it('a server error is said in words and backs off; the next good read clears it', async () => {
    const a = await signedIn();
    fake.state.fail = { count: 1, status: 500 };
    const ctx = context();
    const source = graphPresenceSource(ctx, a, { intervalMs: 30_000 });
    await source.start();
    await until(() => source.health().tone === 'bad', 'the failure to show');
    expect(source.health()).toMatchObject({ tone: 'bad', detail: 'Microsoft Graph is having trouble (HTTP 500); trying again shortly.' });
    expect(ctx.alarmsSet.get('poll')! - Date.now()).toBeGreaterThan(25_000);
    source.refresh!();
    await until(() => source.current().report, 'the next read');
    expect(source.health().tone).toBe('ok');
    source.stop();
  });

  it('a missing permission (403) names it', async () => {
    const a = await signedIn();
    for (const g of fake.state.accessTokens.values()) g.scopes = ['User.Read'];
    const source = graphPresenceSource(context(), a);
    await source.start();
    await until(() => source.health().tone === 'bad', 'the refusal to show');
    expect(source.health().detail).toMatch(/Presence\.Read is not granted to this app \(403\).*admin-consent link/);
    source.stop();
  });
});

describe('Graph calendar (getSchedule) through the real SDK', () => {
  const H = 3_600_000;
  it('the current block (back-to-back meetings joined) and the next one, with an alarm at the boundary', async () => {
    const a = await signedIn();
    const now = Date.now();
    fake.state.calendar = [
      { start: now - H, end: now + 10 * 60_000, status: 'busy' },
      { start: now + 10 * 60_000, end: now + 40 * 60_000, status: 'busy', isPrivate: true },
      { start: now + 2 * H, end: now + 3 * H, status: 'tentative' },
      { start: now + 4 * H, end: now + 5 * H, status: 'free' },
    ];
    const ctx = context();
    const source = graphCalendarSource(ctx, a);
    await source.start();
    const report = await until(() => source.current().report, 'the calendar read');
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    expect(report.current).toEqual({ start: iso(now - H), end: iso(now + 40 * 60_000), showAs: 'busy' });
    expect(report.next).toEqual({ start: iso(now + 2 * H), end: iso(now + 3 * H), showAs: 'tentative' });
    const request = fake.state.requests.find((r) => r.path.endsWith('/getSchedule'))!;
    expect(request.method).toBe('POST');
    // The boundary (end of the busy block) comes before the 5-minute poll only if it is sooner; here 40 min > 5 min.
    expect(ctx.alarmsSet.get('poll')! - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    source.stop();
  });

  it('a block ending sooner than the 5-minute poll sets the alarm at its end, so "Busy until" turns over on time', async () => {
    const a = await signedIn();
    const now = Date.now();
    fake.state.calendar = [{ start: now - H, end: now + 2 * 60_000, status: 'busy' }];
    const ctx = context();
    const source = graphCalendarSource(ctx, a);
    await source.start();
    await until(() => source.current().report, 'the calendar read');
    const at = ctx.alarmsSet.get('poll')!;
    expect(at).toBeGreaterThanOrEqual(now + 2 * 60_000 - 1000);
    expect(at).toBeLessThan(now + 2 * 60_000 + 1000);
    source.stop();
  });

  it('reads statuses case-insensitively and turns over exactly at a boundary', () => {
    const t = Date.parse('2026-11-25T10:00:00Z');
    const { items } = scheduleItems({ value: [{ scheduleItems: [{ status: 'OOF', start: { dateTime: '2026-11-25T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-25T11:00:00.0000000', timeZone: 'UTC' } }, { status: 'WorkingElsewhere', start: { dateTime: '2026-11-25T11:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-25T12:00:00.0000000', timeZone: 'UTC' } }] }] });
    expect(toCalendarReport(items, t + H - 1).current?.showAs).toBe('oof');
    expect(toCalendarReport(items, t + H)).toMatchObject({ current: { showAs: 'workingElsewhere', end: '2026-11-25T12:00:00.000Z' }, next: null });
    expect(scheduleItems({ value: [{ error: { message: 'The user is outside of your organization.' } }] }).error).toMatch(/outside of your organization/);
  });
});
