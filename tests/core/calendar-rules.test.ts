import { describe, expect, it } from 'vitest';
import { applyReport, emptyRecord, forgetSource, setAutomation, viewStatus, type AnyReport, type SourceName, type StatusRecord } from '../../core';

/**
 * The rules of a calendar-driven status, each a sequence of steps over core's
 * record functions — the same ones both relay stores and the extension run — and what the
 * person's status then reads.
 */

const at = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;
const ms = (hhmm: string) => Date.parse(at(hhmm));

type Step =
  | { at: string; report: SourceName; body: Omit<AnyReport, 'observedAt'> }
  | { at: string; forget: SourceName }
  | { at: string; pauseCalendarUntil: string | null };

interface Rule {
  rule: string;
  steps: Step[];
  /** What the status reads at each instant, after all steps. */
  expect: { at: string; availability: string; activity?: string; label?: string; source?: SourceName | null }[];
}

const meeting = (from: string, to: string, showAs = 'busy') => ({ current: { start: at(from), end: at(to), showAs } });
const calendar = (body: object): Omit<AnyReport, 'observedAt'> => body as Omit<AnyReport, 'observedAt'>;

const RULES: Rule[] = [
  {
    rule: 'a manual status wins over the calendar until it expires',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar({ ...meeting('10:00', '12:00'), next: undefined }) },
      { at: '10:00', report: 'manual', body: { availability: 'DoNotDisturb', until: at('10:30') } as never },
    ],
    expect: [
      { at: '10:10', availability: 'DoNotDisturb', source: 'manual' },
      // It was set during the meeting, so the person overrode that meeting (rule below): Free, not Busy.
      { at: '10:40', availability: 'Available', label: 'Free', source: 'calendar' },
    ],
  },
  {
    rule: 'a manual status set before a meeting wins until it expires; the meeting then applies',
    steps: [
      { at: '09:00', report: 'manual', body: { availability: 'Away', until: at('10:30') } as never },
      { at: '09:55', report: 'calendar', body: calendar({ next: { start: at('10:00'), end: at('11:00'), showAs: 'busy' } }) },
    ],
    expect: [
      { at: '10:15', availability: 'Away', source: 'manual' },
      { at: '10:45', availability: 'Busy', activity: 'InAMeeting', label: 'Busy until 11:00', source: 'calendar' },
    ],
  },
  {
    rule: 'a live call wins over the calendar',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar(meeting('10:00', '11:00', 'tentative')) },
      { at: '10:05', report: 'teams-local', body: { call: { inCall: true } } as never },
    ],
    expect: [{ at: '10:05', availability: 'Busy', activity: 'InACall', source: 'teams-local' }],
  },
  {
    rule: 'when a meeting ends (at its end, not at the next sync) the status returns to what the remaining sources say — never a blind "Available"',
    steps: [
      // The last sync before the meeting ends (the job syncs every few minutes).
      { at: '10:55', report: 'calendar', body: calendar({ ...meeting('10:00', '11:00'), next: { start: at('11:30'), end: at('12:00'), showAs: 'oof' } }) },
      // The person's Teams is open and sees no call.
      { at: '10:59', report: 'teams-local', body: { call: null } as never },
    ],
    expect: [
      { at: '10:59', availability: 'Busy', label: 'Busy until 11:00', source: 'calendar' },
      { at: '11:00', availability: 'Available', label: 'Not in a call', source: 'teams-local' },
    ],
  },
  {
    rule: 'with only the calendar, the status follows its blocks edge to edge',
    steps: [{ at: '10:00', report: 'calendar', body: calendar({ ...meeting('10:00', '11:00'), next: { start: at('11:00'), end: at('12:00'), showAs: 'oof' } }) }],
    expect: [
      { at: '10:59', availability: 'Busy', source: 'calendar' },
      { at: '11:00', availability: 'Away', activity: 'OutOfOffice', label: 'Out of office until 12:00' },
      { at: '12:00', availability: 'Available', label: 'Free' },
    ],
  },
  {
    rule: '"take the wheel": while the calendar is paused it does not drive the status; afterwards it does again',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar(meeting('10:00', '12:00')) },
      { at: '10:05', pauseCalendarUntil: at('11:00') },
    ],
    expect: [
      { at: '10:30', availability: 'Unknown', source: null },
      { at: '11:00', availability: 'Busy', source: 'calendar' },
    ],
  },
  {
    rule: 'handing the wheel back (null) lets the calendar speak at once',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar(meeting('10:00', '12:00')) },
      { at: '10:05', pauseCalendarUntil: at('11:30') },
      { at: '10:10', pauseCalendarUntil: null },
    ],
    expect: [{ at: '10:15', availability: 'Busy', source: 'calendar' }],
  },
  {
    rule: 'a meeting the person overrode (cleared a manual status during it) is not re-applied when the next sync reports it again',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar(meeting('10:00', '11:00')) },
      { at: '10:10', report: 'manual', body: { availability: 'Available' } as never },
      { at: '10:20', forget: 'manual' },
      { at: '10:25', report: 'calendar', body: calendar(meeting('10:00', '11:00')) },
    ],
    expect: [{ at: '10:30', availability: 'Available', label: 'Free', source: 'calendar' }],
  },
  {
    rule: 'an override covers only the block it was made in: the next meeting applies',
    steps: [
      { at: '10:00', report: 'calendar', body: calendar({ ...meeting('10:00', '11:00'), next: { start: at('11:00'), end: at('12:00'), showAs: 'busy' } }) },
      { at: '10:10', report: 'manual', body: { availability: 'Available', until: at('10:20') } as never },
      { at: '10:55', report: 'calendar', body: calendar({ ...meeting('10:00', '11:00'), next: { start: at('11:00'), end: at('12:00'), showAs: 'busy' } }) },
    ],
    expect: [
      { at: '10:30', availability: 'Available', label: 'Free' },
      { at: '11:10', availability: 'Busy', label: 'Busy until 12:00' },
    ],
  },
  {
    rule: 'out of office and working elsewhere have distinct labels',
    steps: [{ at: '10:00', report: 'calendar', body: calendar({ ...meeting('10:00', '11:00', 'oof'), next: { start: at('11:00'), end: at('17:00'), showAs: 'workingElsewhere' } }) }],
    expect: [
      { at: '10:30', availability: 'Away', activity: 'OutOfOffice', label: 'Out of office until 11:00' },
      { at: '11:30', availability: 'Available', activity: 'WorkingElsewhere', label: 'Working elsewhere' },
    ],
  },
];

function play(steps: Step[]): StatusRecord {
  let record = emptyRecord(ms(steps[0]!.at));
  for (const step of steps) {
    const now = ms(step.at);
    if ('report' in step) record = applyReport(record, step.report, { ...step.body, observedAt: at(step.at) } as AnyReport, now).record;
    else if ('forget' in step) record = forgetSource(record, step.forget, now).record;
    else record = setAutomation(record, { calendarPausedUntil: step.pauseCalendarUntil }, now).record;
  }
  return record;
}

describe('calendar rules', () => {
  it.each(RULES)('$rule', ({ steps, expect: wanted }) => {
    const record = play(steps);
    for (const w of wanted) {
      const view = viewStatus(record, ms(w.at));
      const got = { at: w.at, availability: view.availability, ...(w.activity ? { activity: view.activity } : {}), ...(w.label ? { label: view.label } : {}), ...(w.source !== undefined ? { source: view.source } : {}) };
      expect(got).toEqual(w);
    }
  });

  it('the relay is told when a pause ends, so the status changes then without a new report', () => {
    const record = play([
      { at: '10:50', report: 'calendar', body: calendar(meeting('10:00', '12:00')) },
      { at: '10:55', pauseCalendarUntil: at('11:00') },
    ]);
    expect(record.last.nextChangeAt).toBe(at('11:00'));
  });

  it("a write's own view of the record is what reading it at that instant shows (the answer to the write is not resolved twice)", () => {
    let withView = 0;
    for (const { steps } of RULES) {
      for (const timeZone of [undefined, 'Europe/Berlin']) {
        let record = emptyRecord(ms(steps[0]!.at));
        for (const step of steps) {
          const now = ms(step.at);
          const result =
            'report' in step
              ? applyReport(record, step.report, { ...step.body, observedAt: at(step.at) } as AnyReport, now, timeZone)
              : 'forget' in step
                ? forgetSource(record, step.forget, now, timeZone)
                : setAutomation(record, { calendarPausedUntil: step.pauseCalendarUntil }, now, timeZone);
          record = result.record;
          if (!result.view) continue;
          withView++;
          expect(result.view).toEqual(viewStatus(record, now, timeZone));
        }
      }
    }
    expect(withView).toBeGreaterThan(10);
  });
});
