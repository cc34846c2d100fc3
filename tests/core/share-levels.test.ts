import { describe, expect, it } from 'vitest';
import { advance, applyReport, emptyRecord, toPublicView, type StatusRecord } from '../../core';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const user = { displayName: 'Ada', avatarUrl: null };

function publish(record: StatusRecord, offsetMs: number, call: { inCall: boolean; muted?: boolean } | null): StatusRecord {
  return applyReport(record, 'teams-web', { observedAt: at(offsetMs), call }, T0 + offsetMs).record;
}

describe('share levels and edges', () => {
  it('basic counts only what it shows; detailed counts every report', () => {
    let r = applyReport(emptyRecord(T0), 'calendar', { observedAt: at(0), current: { start: at(-1), end: at(3_600_000), showAs: 'busy' } }, T0).record;
    r = publish(r, 1000, { inCall: true, muted: false });
    r = publish(r, 2000, { inCall: true, muted: true });
    r = publish(r, 3000, null);
    const basic = toPublicView(r, user, 'basic', T0 + 3000);
    const detailed = toPublicView(r, user, 'detailed', T0 + 3000);
    expect(basic).toMatchObject({ availability: 'Busy', seq: 1, since: at(0), updatedAt: at(0) });
    expect(detailed).toMatchObject({ seq: 4, updatedAt: at(3000) });
  });

  it('folds each edge in once, the same way whenever it is asked, and reports continue after it', () => {
    const r = applyReport(emptyRecord(T0), 'manual', { observedAt: at(0), availability: 'DoNotDisturb', until: at(60_000) }, T0).record;
    const later = advance(r, T0 + 120_000);
    expect(advance(r, T0 + 90_000)).toEqual(later);
    expect(advance(later, T0 + 120_000)).toEqual(later);
    expect(later.levels?.basic).toMatchObject({ seq: 2, since: at(60_000) });
    const next = applyReport(r, 'teams-web', { observedAt: at(120_000), call: null }, T0 + 120_000).record;
    expect(next.levels?.basic.seq).toBe(3);
    expect(next.seq).toBe(r.seq + 1);
  });

  it('reads a record stored before levels existed, continuing its seq', () => {
    const { levels: _dropped, ...legacy } = applyReport(emptyRecord(T0), 'teams-web', { observedAt: at(0), call: null }, T0).record;
    const view = toPublicView({ ...legacy, seq: 41 }, user, 'basic', T0);
    expect(view.seq).toBe(41);
    expect(toPublicView(publish({ ...legacy, seq: 41 }, 1000, { inCall: true }), user, 'basic', T0 + 1000).seq).toBe(42);
  });
});
