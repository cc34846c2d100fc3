import { describe, expect, it } from 'vitest';
import { activityLabel, agoText, AVAILABILITIES, availabilityLabel, CALL_CHIP_WORDS, calendarLines, callChips, clockTime, durationWords, initials, LABEL_LOCALE, pickedTime, sinceText, SOURCE_WORDS } from '../../core';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const UTC = { timeZone: 'UTC', locale: LABEL_LOCALE };

// One module says every word; the extension, the status page and the widget import it.
describe('core wording', () => {
  it('names availabilities and activities; an unknown activity falls back to the availability', () => {
    expect(AVAILABILITIES.map(availabilityLabel)).toEqual(['Available', 'Busy', 'Do not disturb', 'Be right back', 'Away', 'Offline', 'Unknown']);
    expect(activityLabel('Busy', 'InACall')).toBe('In a call');
    expect(activityLabel('Away', 'OutOfOffice')).toBe('Out of office');
    expect(activityLabel('Busy', 'SomethingNew')).toBe('Busy');
  });

  it('says where a status came from in words that follow "·"', () => {
    expect(SOURCE_WORDS.manual).toBe('set by you');
    expect(SOURCE_WORDS['teams-web']).toBe('from Teams on the web');
  });

  it('says durations in whole minutes, rounded down, and in days past two days', () => {
    expect(durationWords(0)).toBe('0 min');
    expect(durationWords(45 * MIN + 59_000)).toBe('45 min');
    expect(durationWords(120 * MIN)).toBe('2 h');
    expect(durationWords(130 * MIN)).toBe('2 h 10 min');
    expect(durationWords(3 * 24 * 60 * MIN)).toBe('3 days');
  });

  it('says how long a status has lasted and how long ago it was confirmed', () => {
    expect(sinceText(ago(20_000), NOW)).toBe('for less than a minute');
    expect(sinceText(ago(12 * MIN + 59_000), NOW)).toBe('for 12 min');
    expect(sinceText(ago(125 * MIN), NOW)).toBe('for 2 h 5 min');
    // A clock slightly ahead of ours must not say "for -1 min".
    expect(sinceText(new Date(NOW + 5_000).toISOString(), NOW)).toBe('for less than a minute');
    expect(agoText(ago(30_000), NOW)).toBe('just now');
    expect(agoText(ago(5 * MIN), NOW)).toBe('5 min ago');
    expect(agoText(ago(130 * MIN), NOW)).toBe('2 h 10 min ago');
    expect(agoText('not a time', NOW)).toBe('at an unknown time');
  });

  it('writes clock times by locale, with the weekday when not today; a picked "HH:MM" the same way', () => {
    expect(clockTime('2026-11-25T14:30:00Z', NOW, UTC)).toBe('14:30');
    expect(clockTime('2026-11-27T09:05:00Z', NOW, UTC)).toBe('Fri 09:05');
    expect(clockTime('2026-11-25T14:30:00Z', NOW, { timeZone: 'Europe/Berlin', locale: LABEL_LOCALE })).toBe('15:30');
    expect(clockTime('2026-11-25T17:00:00Z', NOW, { timeZone: 'UTC', locale: 'en-US' })).toBe('05:00 PM');
    expect(pickedTime('17:00', { locale: 'en-US' })).toBe(clockTime('2026-11-25T17:00:00Z', NOW, { timeZone: 'UTC', locale: 'en-US' }));
    expect(pickedTime('17:00', { locale: LABEL_LOCALE })).toBe('17:00');
  });

  it('makes initials from the first and the last word, whatever the script (the page and the widget agree)', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  brewster murray hopper ')).toBe('GH');
    expect(initials('Zoë')).toBe('Z');
    expect(initials('Ōta Hanako')).toBe('ŌH');
    expect(initials('   ')).toBe('?');
  });

  it('lists only the call flags the sensor could see, in a fixed order', () => {
    expect(callChips(null)).toEqual([]);
    expect(callChips({ inCall: false, muted: true })).toEqual([]);
    expect(callChips({ inCall: true })).toEqual([]);
    const all = callChips({ inCall: true, muted: true, camera: false, sharing: true, recording: true, handRaised: true });
    expect(all.map((c) => CALL_CHIP_WORDS[c])).toEqual(['Muted', 'Camera off', 'Sharing screen', 'Recording', 'Hand raised']);
    expect(callChips({ inCall: true, muted: false, camera: true }).map((c) => CALL_CHIP_WORDS[c])).toEqual(['Mic on', 'Camera on']);
  });

  it('phrases the calendar one way: "busy until" unless the label says it, the next block with its span', () => {
    const calendar = { busyUntil: '2026-11-25T11:00:00Z', next: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z', showAs: 'oof' as const } };
    const text = (label: string, now = NOW) => calendarLines(calendar, label, now, UTC).map((l) => l.text);
    expect(text('In a call')).toEqual(['Busy until 11:00', 'Out of office 14:00–14:30']);
    expect(text('Busy until 11:00')).toEqual(['Out of office 14:00–14:30']);
    // Over, or already started: nothing to announce.
    expect(text('Busy', Date.parse('2026-11-25T14:10:00Z'))).toEqual([]);
    expect(calendarLines({ busyUntil: null, next: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T15:00:00Z', showAs: 'busy' } }, 'Busy', NOW, UTC)).toEqual([{ kind: 'next', text: 'Next meeting 14:00–15:00' }]);
    expect(calendarLines(null, 'Busy', NOW, UTC)).toEqual([]);
  });
});
