import { outlookFeed, PACIFIC, W_EUROPE, type FeedEvent } from './outlook-feed';

/**
 * One autumn of a person's calendar, around Europe's DST change (25 Oct 2026) and the US one
 * (1 Nov 2026): a weekly meeting with an EXDATE, a moved and a cancelled instance, a Pacific
 * tentative series, a private item, a free event, working elsewhere and an all-day OOF.
 */
export const SAMPLE_EVENTS: FeedEvent[] = [
  { uid: 'A1', summary: 'Team sync', tz: W_EUROPE, start: '20261006T100000', end: '20261006T110000', busy: 'BUSY', rrule: 'FREQ=WEEKLY;COUNT=7;INTERVAL=1;BYDAY=TU;WKST=MO', exdates: ['20261020T100000'] },
  { uid: 'A1', summary: 'Team sync (moved)', tz: W_EUROPE, recurrenceId: '20261027T100000', start: '20261028T140000', end: '20261028T150000', busy: 'BUSY' },
  { uid: 'A1', summary: 'Canceled: Team sync', tz: W_EUROPE, recurrenceId: '20261103T100000', start: '20261103T100000', end: '20261103T110000', busy: 'FREE', status: 'CANCELLED' },
  { uid: 'B2', summary: 'US stand-up', tz: PACIFIC, start: '20261022T090000', end: '20261022T100000', busy: 'TENTATIVE', rrule: 'FREQ=WEEKLY;COUNT=3;INTERVAL=1;BYDAY=TH;WKST=SU' },
  { uid: 'C3', private: true, tz: W_EUROPE, start: '20261028T150000', end: '20261028T160000', busy: 'BUSY' },
  { uid: 'D4', summary: 'Focus time (free)', tz: W_EUROPE, start: '20261028T130000', end: '20261028T160000', busy: 'FREE' },
  { uid: 'E5', summary: 'At the customer', tz: W_EUROPE, start: '20261029T080000', end: '20261029T190000', busy: 'WORKINGELSEWHERE' },
  { uid: 'F6', summary: 'Holiday', start: '20261030', end: '20261031', busy: 'OOF' },
  { uid: 'G7', summary: 'Cancelled one-off', tz: W_EUROPE, start: '20261013T140000', end: '20261013T150000', busy: 'BUSY', status: 'CANCELLED' },
  { uid: 'H8', summary: 'Reminder (transparent, no Outlook status)', start: '20261013T120000Z', end: '20261013T130000Z', transp: 'TRANSPARENT' },
];

export const SAMPLE_FEED = outlookFeed(SAMPLE_EVENTS);

/** The same calendar as busy blocks (UTC), read by a person in Europe/Berlin. */
export const SAMPLE_BLOCKS = [
  ['2026-10-06T08:00:00.000Z', '2026-10-06T09:00:00.000Z', 'busy'], // 10:00 CEST
  ['2026-10-13T08:00:00.000Z', '2026-10-13T09:00:00.000Z', 'busy'], // 20 Oct: EXDATE
  ['2026-10-22T16:00:00.000Z', '2026-10-22T17:00:00.000Z', 'tentative'], // 09:00 PDT
  ['2026-10-28T13:00:00.000Z', '2026-10-28T15:00:00.000Z', 'busy'], // moved 27→28 Oct 14:00 CET, joined by the private 15:00; the free event adds nothing
  ['2026-10-29T07:00:00.000Z', '2026-10-29T16:00:00.000Z', 'workingElsewhere'],
  ['2026-10-29T16:00:00.000Z', '2026-10-29T17:00:00.000Z', 'tentative'], // outranks working elsewhere; still PDT
  ['2026-10-29T17:00:00.000Z', '2026-10-29T18:00:00.000Z', 'workingElsewhere'],
  ['2026-10-29T23:00:00.000Z', '2026-10-30T23:00:00.000Z', 'oof'], // all day in Berlin (CET)
  ['2026-11-05T17:00:00.000Z', '2026-11-05T18:00:00.000Z', 'tentative'], // 09:00 PST after 1 Nov
  ['2026-11-10T09:00:00.000Z', '2026-11-10T10:00:00.000Z', 'busy'], // 3 Nov cancelled; 10:00 CET
  ['2026-11-17T09:00:00.000Z', '2026-11-17T10:00:00.000Z', 'busy'],
] as const;
