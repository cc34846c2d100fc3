import { clockTime, LABEL_LOCALE, type ReportBySource, type SourceName } from '../../core';

type Report = ReportBySource[keyof ReportBySource];

/** One moment of the scripted day: reports to publish and sources to forget. */
export interface DemoStep {
  /** What the page should say, for the console, with the times it shows. */
  name: string;
  put: { source: SourceName; report: Report }[];
  forget: SourceName[];
}

const MIN = 60_000;

function at(nowMs: number, offsetMin: number): string {
  // Whole minutes, so "Busy until 11:45" reads like a real calendar.
  return new Date(Math.floor(nowMs / MIN) * MIN + offsetMin * MIN).toISOString();
}

/**
 * The demo person's day, step by step. Every step re-publishes Teams and the calendar so
 * their reports stay fresh however long the demo runs (live sources go stale after 90 s).
 */
export function demoDay(nowMs: number): DemoStep[] {
  const observedAt = new Date(nowMs).toISOString();
  const noCall = { observedAt, call: null };
  const meetingNow = { start: at(nowMs, -10), end: at(nowMs, 35), showAs: 'busy' as const };
  const later = { start: at(nowMs, 90), end: at(nowMs, 120), showAs: 'busy' as const };
  const dndUntil = at(nowMs, 60);
  // As the page writes it on this computer: its zone, 24-hour, the weekday when not today.
  const clock = (iso: string) => clockTime(iso, nowMs, { locale: LABEL_LOCALE });
  return [
    {
      name: 'Available',
      forget: ['manual'],
      put: [
        { source: 'teams-web', report: { ...noCall, presence: { availability: 'Available', activity: 'Available' } } },
        { source: 'calendar', report: { observedAt, current: null, next: { ...later } } },
      ],
    },
    {
      name: 'In a call (muted)',
      forget: ['manual'],
      put: [
        { source: 'teams-web', report: { observedAt, call: { inCall: true, muted: true, camera: false } } },
        { source: 'calendar', report: { observedAt, current: meetingNow, next: later } },
      ],
    },
    {
      name: 'Presenting',
      forget: ['manual'],
      put: [
        { source: 'teams-web', report: { observedAt, call: { inCall: true, muted: false, camera: true, sharing: true, recording: true } } },
        { source: 'calendar', report: { observedAt, current: meetingNow, next: later } },
      ],
    },
    {
      name: `Busy until ${clock(meetingNow.end)} (calendar)`,
      forget: ['manual'],
      put: [
        { source: 'teams-web', report: noCall },
        { source: 'calendar', report: { observedAt, current: meetingNow, next: later } },
      ],
    },
    {
      name: `Do not disturb until ${clock(dndUntil)} (manual)`,
      forget: [],
      put: [
        { source: 'teams-web', report: noCall },
        { source: 'calendar', report: { observedAt, current: null, next: later } },
        { source: 'manual', report: { observedAt, availability: 'DoNotDisturb', message: 'Focus time, back soon', until: dndUntil } },
      ],
    },
    {
      name: 'Be right back (manual)',
      forget: [],
      put: [
        { source: 'teams-web', report: noCall },
        { source: 'calendar', report: { observedAt, current: null, next: later } },
        { source: 'manual', report: { observedAt, availability: 'BeRightBack', message: 'Getting a coffee' } },
      ],
    },
  ];
}
