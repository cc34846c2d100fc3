// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings, SourceLine } from '../../extension/shared/messages';
import { OptionsApp } from '../../extension/options/options-app';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import type { UiEnv } from '../../extension/ui/ui-env';
import { button, byLabel, click, fakeWorker, mount, ok, popupState, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const OUTLOOK_LINK = 'https://outlook.office365.com/owa/calendar/abc@contoso.com/def/calendar.ics';

/** A worker whose calendar line follows what was saved (as the real source's health does). */
function calendarWorker(line: (url: string | null) => SourceLine | null) {
  let settings: Settings = { relayUrl: null, displayName: null, teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS, calendarLinkUrl: null };
  const state = () => {
    const base = popupState();
    const l = line(settings.calendarLinkUrl ?? null);
    return popupState({ health: { ...base.health, sources: [...base.health.sources, ...(l ? [l] : [])] } });
  };
  return fakeWorker({
    getSettings: () => ok({ settings }),
    getState: () => ok({ state: state() }),
    saveSettings: async (patch) => ({ ok: true, settings: (settings = { ...settings, ...patch }) }),
  });
}

async function options(worker: ReturnType<typeof calendarWorker>, env: Partial<UiEnv> = {}) {
  const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send, env));
  mounted.push(unmount);
  await until(() => byLabel(root, 'Calendar link (ICS)'));
  return root;
}

const calendarSave = (root: HTMLElement) => button(byLabel(root, 'Calendar link (ICS)').closest('form')!, 'Save');

describe('options: calendar link (ICS)', () => {
  it('says where Outlook publishes it, saves an Outlook link without asking, and shows how the read went', async () => {
    const asked: string[] = [];
    const worker = calendarWorker((url) => (url ? { id: 'calendar-link', name: 'Calendar link', words: 'Up to date', tone: 'ok', detail: 'next 14:00 (busy)' } : null));
    const root = await options(worker, { requestHostAccess: async (u) => (asked.push(u), true) });
    expect(root.querySelector('#calendar-link-hint')?.textContent).toContain('Settings → Calendar → Shared calendars → Publish a calendar');
    await type(byLabel(root, 'Calendar link (ICS)'), `  ${OUTLOOK_LINK} `);
    await click(calendarSave(root));
    await until(() => expect(root.querySelector('.calendar-health')?.textContent).toBe('Calendar link: Up to date (next 14:00 (busy))'));
    expect(worker.of('saveSettings')).toEqual([{ calendarLinkUrl: OUTLOOK_LINK }]);
    expect(asked).toEqual([]);
    expect(root.querySelector('[role="status"].notice')?.textContent).toBe('Calendar link saved.');
  });

  it('asks for another host when saving, and saves nothing when refused', async () => {
    const asked: string[] = [];
    const worker = calendarWorker(() => null);
    const root = await options(worker, { requestHostAccess: async (u) => (asked.push(u), false) });
    await type(byLabel(root, 'Calendar link (ICS)'), 'webcal://calendar.example.org/team.ics');
    await click(calendarSave(root));
    await until(() => expect(root.querySelector('#calendar-link-error')?.textContent).toContain('needs your permission to read calendars from calendar.example.org'));
    expect(asked).toEqual(['https://calendar.example.org/team.ics']);
    expect(worker.of('saveSettings')).toEqual([]);
  });

  it('refuses a plain-http link inline', async () => {
    const worker = calendarWorker(() => null);
    const root = await options(worker);
    await type(byLabel(root, 'Calendar link (ICS)'), 'http://outlook.office365.com/owa/calendar/x/calendar.ics');
    await click(calendarSave(root));
    expect(root.querySelector('#calendar-link-error')?.textContent).toContain('must start with https://');
    expect(byLabel(root, 'Calendar link (ICS)').getAttribute('aria-invalid')).toBe('true');
    expect(worker.of('saveSettings')).toEqual([]);
  });

  it('shows the problem in words when the link answers something else', async () => {
    const worker = calendarWorker((url) => (url ? { id: 'calendar-link', name: 'Calendar link', words: 'Problem', tone: 'bad', detail: 'The calendar link answered a web page, not a calendar' } : null));
    const root = await options(worker);
    await type(byLabel(root, 'Calendar link (ICS)'), OUTLOOK_LINK.replace('calendar.ics', 'calendar.html'));
    await click(calendarSave(root));
    await until(() => expect(root.querySelector('.calendar-health')?.textContent).toContain('Problem (The calendar link answered a web page'));
  });
});
