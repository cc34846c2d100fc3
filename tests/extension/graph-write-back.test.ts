import { describe, expect, it } from 'vitest';
import { pickedTime, type ResolvedStatus } from '../../core';
import { callMessage, StatusWriteBack } from '../../extension/sources/graph/write-back';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { FAKE_CLIENT_ID, type MicrosoftFake } from '../fakes/microsoft/server';
import { account, microsoftFakeForFile } from './microsoft-harness';
import { testSourceContext } from './source-context';
import { memorySlot } from './worker-harness';

let fake: MicrosoftFake;
microsoftFakeForFile((started) => (fake = started));

const status = (inCall: boolean, busyUntil: string | null = null) => ({ call: inCall ? { inCall: true } : null, calendar: busyUntil ? { busyUntil, next: null } : null }) as ResolvedStatus;
const message = () => fake.state.presence.statusMessage?.content ?? null;
const expiry = () => fake.state.presence.statusMessage?.expiryDateTime?.dateTime ?? null;

describe('status-message write-back (Presence.ReadWrite)', () => {
  // Fixed instants on the local wall clock (the message is written in the browser's zone): one
  // whose end is later the same day, one whose end is after midnight and so carries its day.
  it.each([
    { name: 'an end later today is written as a bare time', now: new Date(2026, 10, 25, 10, 0).getTime(), back: pickedTime('11:00') },
    { name: 'an end after midnight is written with its day', now: new Date(2026, 10, 25, 23, 30).getTime(), back: `Thu ${pickedTime('00:30')}` },
  ])('sets "In a call — back at …" during a call and clears it afterwards only if it is still ours ($name)', async ({ now, back }) => {
    const acc = account(fake.origin);
    await acc.a.configure({ ...DEFAULT_MICROSOFT_SETTINGS, msClientId: FAKE_CLIENT_ID, msAuthority: fake.origin, graphBaseUrl: fake.origin, graphWriteBack: true });
    await acc.a.signIn();
    fake.state.presence.statusMessage = null;
    const ours = memorySlot<string | null>(null);
    // The machine's own zone and locale, as pickedTime writes the expected times.
    const context = testSourceContext(() => now, {});
    const wb = new StatusWriteBack(acc.a, ours, context);
    wb.enabled = true;
    const until = new Date(now + 3_600_000).toISOString();

    await wb.onStatus(status(true, until));
    expect(message()).toBe(`In a call — back at ${back}`);
    expect(callMessage(status(true, until), context.clock)).toBe(message());
    // The message ends by itself 15 min after the call's expected end.
    expect(expiry()).toBe(new Date(now + 75 * 60_000).toISOString().slice(0, 19));
    await wb.onStatus(status(false));
    expect(message()).toBeNull();

    // The person writes their own message during the call: it is left alone afterwards.
    await wb.onStatus(status(true));
    expect(message()).toBe('In a call');
    fake.state.presence.statusMessage = { content: 'Lunch with the team' };
    await wb.onStatus(status(false));
    expect(message()).toBe('Lunch with the team');
    expect(ours.value).toBeNull();
    expect(wb.problem).toBeNull();
  });

  it('off by default: nothing is written', async () => {
    const acc = account(fake.origin);
    await acc.configure();
    await acc.a.signIn();
    fake.state.presence.statusMessage = null;
    const wb = new StatusWriteBack(acc.a, memorySlot<string | null>(null), testSourceContext());
    await wb.onStatus(status(true));
    expect(message()).toBeNull();
  });
});
