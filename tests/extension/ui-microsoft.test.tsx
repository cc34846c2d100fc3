// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { MicrosoftSection } from '../../extension/options/microsoft-section';
import type { MicrosoftView, Settings } from '../../extension/shared/messages';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { useAction } from '../../extension/ui/use-action';
import { PopupApp } from '../../extension/popup/popup-app';
import { alertText, button, byLabel, click, fakeWorker, mount, NOW, ok, popupState, status, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const SETTINGS: Settings = { relayUrl: null, displayName: null, teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS };
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const CLIENT = '11111111-2222-3333-4444-555555555555';

function Harness() {
  const { run, error, pending } = useAction();
  return (
    <>
      <p role="alert">{error}</p>
      <MicrosoftSection settings={SETTINGS} busy={pending} run={run} onSaved={() => undefined} onNotice={() => undefined} />
    </>
  );
}

function worker(signInError?: string) {
  let view: MicrosoftView = { signedIn: false, name: null, email: null, problem: null, redirectUri: REDIRECT, adminConsentUrl: null };
  return fakeWorker({
    getMicrosoft: () => ok({ microsoft: view }),
    saveSettings: async (patch) => {
      view = { ...view, adminConsentUrl: `https://login.microsoftonline.com/organizations/v2.0/adminconsent?client_id=${patch.msClientId}` };
      return { ok: true, settings: { ...SETTINGS, ...patch } };
    },
    signInMicrosoft: async () => {
      if (signInError) return { ok: false, error: signInError };
      return { ok: true, microsoft: (view = { ...view, signedIn: true, name: 'Ada Lovelace', email: 'ada@contoso.example' }) };
    },
    signOutMicrosoft: async () => ({ ok: true, microsoft: (view = { ...view, signedIn: false, name: null, email: null }) }),
  });
}

describe('options: Microsoft 365', () => {
  it('shows the redirect URI and permissions, saves the client ID and tenant, signs in, then shows who and Sign out', async () => {
    const w = worker();
    const { root, unmount } = await mount(<Harness />, testEnv(w.send));
    mounted.push(unmount);
    await until(() => expect(root.querySelector('[data-testid="redirect-uri"]')?.textContent).toBe(REDIRECT));
    expect(root.textContent).toContain('User.Read, Presence.Read, Calendars.ReadBasic');
    expect(byLabel(root, 'Tenant').value).toBe('organizations');

    await click(button(root, 'Sign in with Microsoft'));
    expect(w.of('signInMicrosoft')).toEqual([]);
    expect(root.textContent).toContain('Enter the Application (client) ID');

    await type(byLabel(root, 'Application (client) ID'), CLIENT);
    await click(button(root, 'Sign in with Microsoft'));
    await until(() => expect(root.textContent).toContain('Signed in as Ada Lovelace (ada@contoso.example)'));
    // The section saves its own fields only: the calendar-notification switch has a card of its own.
    expect(w.of('saveSettings')).toEqual([{ ...DEFAULT_MICROSOFT_SETTINGS, msClientId: CLIENT }]);
    expect(root.querySelector<HTMLAnchorElement>('a[href*="adminconsent"]')?.textContent).toBe('admin-consent link');

    await click(button(root, 'Sign out'));
    await until(() => expect(button(root, 'Sign in with Microsoft')).toBeTruthy());
  });

  it('a refused sign-in is shown in words', async () => {
    const w = worker('Your organisation has not consented to this app yet (AADSTS65001).');
    const { root, unmount } = await mount(<Harness />, testEnv(w.send));
    mounted.push(unmount);
    await type(byLabel(root, 'Application (client) ID'), CLIENT);
    await click(button(root, 'Sign in with Microsoft'));
    await until(() => expect(alertText(root)).toContain('AADSTS65001'));
  });
});

describe('popup: Microsoft 365 rows and the calendar', () => {
  it('shows who is signed in with the last update, a problem in words, and busy-until / next meeting', async () => {
    const updatedAt = new Date(NOW - 2 * 60_000).toISOString();
    const state = popupState({
      status: status({ calendar: { busyUntil: '2026-11-25T12:00:00Z', next: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T15:00:00Z', showAs: 'busy' } } }),
      health: {
        ...popupState().health,
        sources: [
          { id: 'graph-presence', name: 'Microsoft 365', words: 'Signed in as Ada Lovelace (ada@contoso.example)', tone: 'ok', detail: null, updatedAt },
          { id: 'graph-calendar', name: 'Outlook calendar', words: 'Cannot read', tone: 'bad', detail: 'Microsoft Graph refused: Calendars.ReadBasic is not granted to this app (403).', updatedAt: null },
        ],
      },
    });
    const w = fakeWorker({ getState: () => ok({ state }), getTimeline: () => ok({ segments: [] }), refreshSources: () => ok({}) });
    // Times in UTC: the fixture's instants then read the same on a machine in any zone.
    const { root, unmount } = await mount(<PopupApp />, testEnv(w.send, { timeZone: 'UTC' }));
    mounted.push(unmount);
    await until(() => expect(root.textContent).toContain('Microsoft 365'));
    const text = (root.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Microsoft 365Signed in as Ada Lovelace (ada@contoso.example)updated 2 min ago');
    expect(text).toContain('Outlook calendarCannot readMicrosoft Graph refused: Calendars.ReadBasic is not granted to this app (403).');
    expect(text).toContain('Busy until 12:00 · Next meeting 14:00');
    expect(w.of('refreshSources')).toEqual([null]);
  });
});
