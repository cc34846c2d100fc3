import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReport, emptyRecord, forgetSource, REPORT_SCHEMAS, viewStatus, type PublicView, type StatusRecord } from '../../core';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { demoDay } from '../../scripts/demo/demo-day';
import { startDemo } from '../../scripts/demo/run-demo';
import { orderStep, type DemoWrite } from '../../scripts/demo/step-order';
import { freePort } from '../support/ports';
import { openSse } from '../support/sse-client';

let relay: RunningRelay;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ts-demo-'));
  const port = await freePort();
  relay = await startRelay(loadConfig({ PORT: String(port), HOST: '127.0.0.1', RELAY_DATA_DIR: join(dir, 'data') }), { info: () => {}, error: () => {} });
});

afterAll(async () => {
  await relay?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo: publishing a scripted day', () => {
  it('every step of the day is a report the relay accepts', () => {
    const steps = demoDay(Date.parse('2026-11-25T09:00:00Z'));
    expect(steps.map((s) => s.name)).toEqual([
      'Available',
      'In a call (muted)',
      'Presenting',
      'Busy until (calendar)',
      'Do not disturb (manual)',
      'Be right back (manual)',
    ]);
    for (const step of steps) {
      for (const { source, report } of step.put) {
        const parsed = REPORT_SCHEMAS[source].safeParse(report);
        expect(parsed.success, `${step.name} / ${source}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('publishes each step as one change: no flash of another status, one history entry at most', () => {
    const write = (r: StatusRecord, w: DemoWrite, now: number) => (w.kind === 'put' ? applyReport(r, w.source, w.report, now) : forgetSource(r, w.source, now));
    let record = emptyRecord(Date.parse('2026-11-25T08:59:00Z'));
    let naiveRecord = record;
    let naiveFlashes = 0;
    // Two rounds: the second starts from the last step's state (Be right back → Available).
    for (let i = 0; i < 12; i++) {
      const now = Date.parse('2026-11-25T09:00:00Z') + i * 5_000;
      const step = demoDay(now)[i % 6]!;
      const before = viewStatus(record, now).label;
      const plan = orderStep(record, step, now);
      const labels = new Set<string>();
      let entries = 0;
      for (const w of plan.writes) {
        const result = write(record, w, now);
        record = result.record;
        if (result.history) entries += 1;
        labels.add(viewStatus(record, now).label);
      }
      labels.delete(before);
      expect(entries, step.name).toBeLessThanOrEqual(1);
      expect([...labels], step.name).toEqual([viewStatus(record, now).label].filter((l) => l !== before));
      expect(plan.record).toStrictEqual(record);
      // The control: the step's writes in the order they are listed.
      for (const w of [...step.forget.map((source): DemoWrite => ({ kind: 'forget', source })), ...step.put.map(({ source, report }): DemoWrite => ({ kind: 'put', source, report }))]) {
        const result = write(naiveRecord, w, now);
        naiveRecord = result.record;
        if (result.history) naiveFlashes += 1;
      }
    }
    expect(naiveFlashes, 'the listed order flashes somewhere, or this test proves nothing').toBeGreaterThan(12);
  });

  it('registers Ada with a detailed share and moves her status through the day', async () => {
    const lines: string[] = [];
    const demo = await startDemo({ relayUrl: relay.url, intervalMs: 150, stateFile: join(dir, 'demo.json'), log: (l) => lines.push(l) });
    const stream = await openSse(`${relay.url}/api/v1/s/${demo.shareId}/events`);
    const seen = new Map<string, PublicView>();
    try {
      while (seen.size < 4) {
        const view = JSON.parse((await stream.nextEvent(10_000)).data) as PublicView;
        seen.set(view.label, view);
      }
    } finally {
      stream.close();
      await demo.stop();
    }
    expect(demo.shareUrl).toBe(`${relay.url}/s/${demo.shareId}`);
    const views = [...seen.values()];
    expect(views.every((v) => v.user.displayName === 'Ada Lovelace' && v.level === 'detailed')).toBe(true);
    expect(new Set(views.map((v) => v.availability)).size).toBeGreaterThanOrEqual(2);
    expect(seen.get('In a call')?.call).toMatchObject({ inCall: true, muted: true });
    expect(lines.filter((l) => l.includes('failed'))).toEqual([]);
  });

  it('reuses the remembered person, so the share link survives a restart', async () => {
    const first = await startDemo({ relayUrl: relay.url, intervalMs: 60_000, stateFile: join(dir, 'again.json'), log: () => {} });
    await first.stop();
    const second = await startDemo({ relayUrl: relay.url, intervalMs: 60_000, stateFile: join(dir, 'again.json'), log: () => {} });
    await second.stop();
    expect(second.shareId).toBe(first.shareId);
    const res = await fetch(`${relay.url}/api/v1/s/${second.shareId}`);
    expect(res.status).toBe(200);
  });
});
