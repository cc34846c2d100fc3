import { describe, expect, it } from 'vitest';
import { resolve, type Resolution, type SourceReports } from '../../core';

const NOW = Date.parse('2026-11-23T10:30:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
const at = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;

type Expect = Partial<Resolution>;
interface Case {
  name: string;
  reports: SourceReports;
  expect: Expect;
}

const inCall = { inCall: true, muted: true, camera: false };

const CASES: Case[] = [
  { name: 'nothing known', reports: {}, expect: { availability: 'Unknown', label: 'Unknown', source: null, stale: false } },
  {
    name: 'manual wins over a live call',
    reports: { manual: { observedAt: ago(60), availability: 'DoNotDisturb' }, 'teams-web': { observedAt: ago(1), call: inCall } },
    expect: { availability: 'DoNotDisturb', label: 'Do not disturb', source: 'manual', call: inCall },
  },
  {
    name: 'manual with until shows the end time',
    reports: { manual: { observedAt: ago(60), availability: 'Busy', until: at('11:00') } },
    expect: { availability: 'Busy', label: 'Busy until 11:00', source: 'manual', nextChangeAt: at('11:00') },
  },
  {
    name: 'expired manual falls through to the call',
    reports: { manual: { observedAt: ago(3600), availability: 'Away', until: at('10:00') }, 'teams-local': { observedAt: ago(5), call: inCall } },
    expect: { availability: 'Busy', activity: 'InACall', label: 'In a call', source: 'teams-local', call: inCall },
  },
  {
    name: 'manual never goes stale',
    reports: { manual: { observedAt: ago(86400 * 3), availability: 'Away' } },
    expect: { availability: 'Away', stale: false, source: 'manual' },
  },
  {
    name: 'sharing in a call is Presenting',
    reports: { 'teams-web': { observedAt: ago(5), call: { inCall: true, sharing: true } } },
    expect: { availability: 'Busy', activity: 'Presenting', label: 'Presenting' },
  },
  {
    name: 'the newer of two Teams sources in a call decides',
    reports: { 'teams-local': { observedAt: ago(30), call: { inCall: true, muted: false } }, 'teams-web': { observedAt: ago(2), call: { inCall: true, muted: true } } },
    expect: { source: 'teams-web', call: { inCall: true, muted: true } },
  },
  {
    name: 'a call seen only in a stale report is not carried beside a fresh decision',
    reports: { manual: { observedAt: ago(60), availability: 'Away' }, 'teams-web': { observedAt: ago(120), call: inCall } },
    expect: { availability: 'Away', source: 'manual', call: null },
  },
  {
    name: 'a live call beats Graph',
    reports: { graph: { observedAt: ago(10), availability: 'Available', activity: 'Available' }, 'teams-local': { observedAt: ago(5), call: { inCall: true } } },
    expect: { availability: 'Busy', source: 'teams-local' },
  },
  {
    name: 'not in a call leaves Graph to decide',
    reports: { graph: { observedAt: ago(10), availability: 'DoNotDisturb', activity: 'Presenting' }, 'teams-local': { observedAt: ago(5), call: null } },
    expect: { availability: 'DoNotDisturb', activity: 'Presenting', label: 'Presenting', source: 'graph' },
  },
  {
    name: 'Graph idle folds into its base availability',
    reports: { graph: { observedAt: ago(10), availability: 'BusyIdle', activity: 'Busy' } },
    expect: { availability: 'Busy', label: 'Busy' },
  },
  {
    name: 'an unknown Graph availability is Unknown, not an error',
    reports: { graph: { observedAt: ago(10), availability: 'Hyperfocused', activity: 'Hyperfocused' } },
    expect: { availability: 'Unknown', label: 'Unknown' },
  },
  {
    name: 'Graph message is carried',
    reports: { graph: { observedAt: ago(10), availability: 'Away', activity: 'Away', statusMessage: 'Lunch' } },
    expect: { message: 'Lunch' },
  },
  {
    name: 'Teams web presence decides when Graph is absent',
    reports: { 'teams-web': { observedAt: ago(5), call: null, presence: { availability: 'BeRightBack', activity: 'BeRightBack' } } },
    expect: { availability: 'BeRightBack', label: 'Be right back', source: 'teams-web' },
  },
  {
    name: 'Graph beats Teams web presence',
    reports: {
      graph: { observedAt: ago(60), availability: 'Away', activity: 'Away' },
      'teams-web': { observedAt: ago(5), call: null, presence: { availability: 'Available', activity: 'Available' } },
    },
    expect: { availability: 'Away', source: 'graph' },
  },
  {
    name: 'calendar busy block',
    reports: { calendar: { observedAt: ago(60), current: { start: at('10:00'), end: at('11:00'), showAs: 'busy' } } },
    expect: { availability: 'Busy', activity: 'InAMeeting', label: 'Busy until 11:00', calendar: { busyUntil: at('11:00'), next: null } },
  },
  {
    name: 'calendar tentative block',
    reports: { calendar: { observedAt: ago(60), current: { start: at('10:00'), end: at('10:45'), showAs: 'tentative' } } },
    expect: { availability: 'Busy', label: 'Tentative until 10:45' },
  },
  {
    name: 'calendar out of office',
    reports: { calendar: { observedAt: ago(60), current: { start: at('08:00'), end: '2026-11-27T17:00:00.000Z', showAs: 'oof' } } },
    expect: { availability: 'Away', activity: 'OutOfOffice', label: 'Out of office until Fri 17:00' },
  },
  {
    name: 'calendar working elsewhere is available',
    reports: { calendar: { observedAt: ago(60), current: { start: at('08:00'), end: at('17:00'), showAs: 'workingElsewhere' } } },
    expect: { availability: 'Available', label: 'Working elsewhere', calendar: { busyUntil: null, next: null } },
  },
  {
    name: 'calendar with only a next meeting is free and names it',
    reports: { calendar: { observedAt: ago(0), next: { start: at('11:00'), end: at('11:30'), showAs: 'busy' } } },
    expect: { availability: 'Available', label: 'Free', calendar: { busyUntil: null, next: { start: at('11:00'), end: at('11:30'), showAs: 'busy' } }, nextChangeAt: at('11:00') },
  },
  {
    name: 'a "next" event that has begun counts as current',
    reports: { calendar: { observedAt: ago(3600), current: null, next: { start: at('10:15'), end: at('11:15'), showAs: 'busy' } } },
    expect: { availability: 'Busy', label: 'Busy until 11:15' },
  },
  {
    name: 'calendar event that ended is ignored',
    reports: { calendar: { observedAt: ago(60), current: { start: at('09:00'), end: at('10:00'), showAs: 'busy' } } },
    expect: { availability: 'Available', label: 'Free' },
  },
  {
    name: 'Graph beats calendar',
    reports: { graph: { observedAt: ago(60), availability: 'Available', activity: 'Available' }, calendar: { observedAt: ago(60), current: { start: at('10:00'), end: at('11:00'), showAs: 'busy' } } },
    expect: { availability: 'Available', source: 'graph', calendar: { busyUntil: at('11:00'), next: null } },
  },
  {
    name: 'a Teams sensor seeing no call is "Not in a call" when nothing else is known',
    reports: { 'teams-local': { observedAt: ago(5), call: { inCall: false } } },
    expect: { availability: 'Available', label: 'Not in a call', source: 'teams-local', call: null },
  },
  {
    name: 'calendar beats "not in a call"',
    reports: { 'teams-web': { observedAt: ago(5), call: null }, calendar: { observedAt: ago(60), current: { start: at('10:00'), end: at('11:00'), showAs: 'busy' } } },
    expect: { availability: 'Busy', source: 'calendar' },
  },
  {
    name: 'a stale call is used only when nothing fresh decides, and marked stale',
    reports: { 'teams-web': { observedAt: ago(120), call: inCall } },
    expect: { availability: 'Busy', label: 'In a call', stale: true },
  },
  {
    name: 'fresh Graph beats a stale call',
    reports: { 'teams-web': { observedAt: ago(120), call: inCall }, graph: { observedAt: ago(60), availability: 'Away', activity: 'Away' } },
    expect: { availability: 'Away', source: 'graph', stale: false },
  },
  {
    name: 'a call report older than ten minutes is ignored',
    reports: { 'teams-web': { observedAt: ago(601), call: inCall } },
    expect: { availability: 'Unknown', source: null },
  },
  {
    name: 'stale Graph when alone is marked stale',
    reports: { graph: { observedAt: ago(11 * 60), availability: 'Busy', activity: 'InAMeeting' } },
    expect: { availability: 'Busy', label: 'In a meeting', stale: true },
  },
  {
    name: 'expired Graph is Unknown',
    reports: { graph: { observedAt: ago(61 * 60), availability: 'Busy', activity: 'InAMeeting' } },
    expect: { availability: 'Unknown' },
  },
  {
    name: 'next change is when the live report goes stale',
    reports: { 'teams-web': { observedAt: ago(30), call: inCall } },
    expect: { nextChangeAt: new Date(NOW - 30_000 + 90_001).toISOString() },
  },
  {
    name: 'manual message beats Graph message',
    reports: { manual: { observedAt: ago(5), availability: 'Busy', message: 'Deep work' }, graph: { observedAt: ago(5), availability: 'Busy', activity: 'Busy', statusMessage: 'x' } },
    expect: { message: 'Deep work' },
  },
];

describe('resolve', () => {
  it.each(CASES)('$name', ({ reports, expect: want }) => {
    const got = resolve(reports, { nowMs: NOW });
    expect(got).toMatchObject(want);
  });

  it('formats label times in the person\'s zone', () => {
    const r = resolve({ manual: { observedAt: ago(5), availability: 'Busy', until: at('11:00') } }, { nowMs: NOW, timeZone: 'Europe/Berlin' });
    expect(r.label).toBe('Busy until 12:00');
  });
});
