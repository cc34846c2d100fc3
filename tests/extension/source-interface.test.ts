import { describe, expect, it } from 'vitest';
import type { GraphReport } from '../../core';
import { createHandlers } from '../../extension/background/handlers';
import type { SourceContext, StatusSource } from '../../extension/sources/source';
import { until } from '../support/until';
import { memorySlots, startWorker } from './worker-harness';

/** A minimal source written only against the interface, as a new folder under extension/sources/ would be. */
function probeSource(ctx: SourceContext) {
  let report: GraphReport | null = null;
  let clear = false;
  let listener = () => undefined as void;
  const alarms: string[] = [];
  let refreshed = 0;
  let started = 0;
  const source: StatusSource<'graph'> = {
    id: 'probe',
    publishes: 'graph',
    start: async () => void (started++, ctx.alarms.set('poll', ctx.now() + 30_000)),
    stop: () => ctx.alarms.clear('poll'),
    health: () => ({ id: 'probe', name: 'Probe', words: report ? 'Reading' : 'Idle', tone: report ? 'ok' : 'off', detail: null, updatedAt: report?.observedAt ?? null }),
    current: () => ({ report, clear }),
    onChange: (l) => void (listener = l),
    wantsKeepAlive: () => false,
    onAlarm: async (name) => void alarms.push(name),
    refresh: () => void refreshed++,
  };
  const set = (next: GraphReport | null, withdraw = false, announce = true) => {
    report = next;
    clear = withdraw;
    if (announce) listener();
  };
  return { source, set, alarms, counts: () => ({ refreshed, started }) };
}

describe('the worker\'s source list', () => {
  it('starts a listed source, publishes its reports, shows its row, routes its alarms and withdraws on clear', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const set: string[] = [];
    let probe!: ReturnType<typeof probeSource>;
    const h = await startWorker({
      slots: memorySlots(),
      clock,
      alarms: { set: (name) => void set.push(name), clear: () => undefined },
      createSources: (ctx) => [(probe = probeSource(ctx('probe'))).source],
    });
    const handlers = createHandlers(Promise.resolve(h.worker));
    expect(probe.counts().started).toBe(1);
    expect(set).toEqual(['source:probe:poll']);

    probe.set({ observedAt: new Date(clock.now).toISOString(), availability: 'Busy', activity: 'InAMeeting' });
    await until(() => h.worker.book.report('graph'), 'the probe\'s report to be applied');
    const s = await handlers.getState(null);
    expect(s.ok && s.state.status).toMatchObject({ availability: 'Busy', source: 'graph' });
    expect(s.ok && s.state.health.sources.map((l) => `${l.name}: ${l.words}`)).toEqual(['Teams desktop: Off or not present', 'Teams web: No Teams tab open', 'Probe: Reading']);

    await h.worker.onSourceAlarm('source:probe:poll');
    expect(probe.alarms).toEqual(['poll']);
    await handlers.refreshSources(null);
    expect(probe.counts().refreshed).toBe(1);

    // Announced the way the listener does, but awaited, so the database is idle before stop().
    probe.set(null, true, false);
    await h.worker.onSourceChange(probe.source);
    const after = await handlers.getState(null);
    expect(after.ok && after.state.status.source).not.toBe('graph');
    expect(h.worker.book.report('graph')).toBeUndefined();
    h.stop();
  });
});
