import { slot } from '../platform/storage';
import { calendarLinkSource, EMPTY_CALENDAR_LINK } from '../sources/ics/calendar-link-source';
import type { SourceContext, StatusSource } from '../sources/source';

/**
 * The worker's sources beyond the two Teams sensors (which the worker wires itself, because it
 * also routes call actions to them). A new source: a folder under extension/sources/ with a
 * factory taking its SourceContext, and one line here.
 */
export function createSources(context: (id: string) => SourceContext): StatusSource[] {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [
    calendarLinkSource({ context: context('calendar-link'), state: slot('calendarLink', EMPTY_CALENDAR_LINK), fetch: globalThis.fetch.bind(globalThis), timeZone }),
  ];
}
