import { describe, expect, it } from 'vitest';
import { advance, applyReport, crossEdges, emptyRecord, toPublicView, type StatusRecord } from '../../core';

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

  it('writing the edges down (crossEdges) changes no view, and the edge is a change of its own at its instant', () => {
    let r = applyReport(emptyRecord(T0), 'teams-web', { observedAt: at(0), call: { inCall: true } }, T0).record;
    r = applyReport(r, 'manual', { observedAt: at(0), availability: 'Available' }, T0).record;
    expect(crossEdges(r, T0 + 90_000)).toEqual({ applied: false, record: r, history: null });
    // Stale at 90 s: the manual status decides among fresh reports, so the call is no longer shown.
    const crossed = crossEdges(r, T0 + 95_000);
    expect(crossed.applied).toBe(true);
    expect(crossed.history).toEqual({ at: at(90_001), availability: 'Available', activity: 'Available', inCall: false });
    expect(crossed.record).toEqual(advance(r, T0 + 95_000));
    expect(crossed.record.seq).toBe(r.seq);
    for (const level of ['basic', 'detailed'] as const) expect(toPublicView(crossed.record, user, level, T0 + 95_000)).toEqual(toPublicView(r, user, level, T0 + 95_000));
    expect(crossEdges(crossed.record, T0 + 95_000).applied).toBe(false);
  });
});
