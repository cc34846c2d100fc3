import { launchWebAuthFlow, redirectUrl } from '../platform/identity';
import { hasHostAccess } from '../platform/permissions';
import { slot } from '../platform/storage';
import { MicrosoftAccount, type MicrosoftSession } from '../sources/graph/account';
import { graphCalendarSource } from '../sources/graph/calendar-source';
import { graphPresenceSource } from '../sources/graph/presence-source';
import { StatusWriteBack } from '../sources/graph/write-back';
import { calendarLinkSource, EMPTY_CALENDAR_LINK } from '../sources/ics/calendar-link-source';
import type { SourceContext, StatusSource } from '../sources/source';

/** The Microsoft 365 account both Graph sources read with (its tokens stay in chrome.storage.local). */
export function createMicrosoftAccount(log: (line: string) => void): MicrosoftAccount {
  return new MicrosoftAccount({
    slot: slot<MicrosoftSession | null>('microsoftSession', null),
    launchWebAuthFlow,
    redirectUri: redirectUrl(),
    now: () => Date.now(),
    log: (line) => log(`[microsoft] ${line}`),
  });
}

/**
 * The worker's sources beyond the two Teams sensors (which the worker wires itself, because it
 * also routes call actions to them). A new source: a folder under extension/sources/ with a
 * factory taking its SourceContext, and one line here. Order matters only for sources that
 * publish the same report (the earlier one with a reading wins): Graph's calendar before ICS.
 */
export function sourceList(microsoft: MicrosoftAccount): (context: (id: string) => SourceContext) => StatusSource[] {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (context) => [
    graphPresenceSource(context('graph-presence'), microsoft, { writeBack: new StatusWriteBack(microsoft, slot<string | null>('graphStatusMessage', null), context('graph-presence')) }),
    graphCalendarSource(context('graph-calendar'), microsoft),
    calendarLinkSource({ context: context('calendar-link'), state: slot('calendarLink', EMPTY_CALENDAR_LINK), fetch: globalThis.fetch.bind(globalThis), timeZone, hasAccess: hasHostAccess }),
  ];
}
