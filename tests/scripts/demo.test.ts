import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReport, calendarLines, emptyRecord, forgetSource, LABEL_LOCALE, REPORT_SCHEMAS, viewStatus, type PublicView, type StatusRecord } from '../../core';
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
      expect.stringMatching(/^Busy until (\w{3} )?\d{2}:\d{2} \(calendar\)$/),
      expect.stringMatching(/^Do not disturb until (\w{3} )?\d{2}:\d{2} \(manual\)$/),
      'Be right back (manual)',
    ]);
    for (const step of steps) {
      for (const { source, report } of step.put) {
        const parsed = REPORT_SCHEMAS[source].safeParse(report);
        expect(parsed.success, `${step.name} / ${source}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('names the times the page shows (late in the evening, with the weekday of tomorrow)', () => {
    // 23:40 on this computer: the meeting ends, and do-not-disturb runs out, after midnight.
    const evening = new Date(2026, 10, 25, 23, 40).getTime();
    let record = emptyRecord(evening - 60_000);
    for (let i = 0; i < 6; i++) {
      // One step every 5 s, as the demo plays them (a report no newer than the last is ignored).
      const now = evening + i * 5_000;
      const step = demoDay(now)[i]!;
      record = orderStep(record, step, now).record;
      const view = viewStatus(record, now, Intl.DateTimeFormat().resolvedOptions().timeZone);
      // What the status page writes in its headline and calendar lines, in this computer's zone.
      const shown = [view.label, ...calendarLines(view.calendar, view.label, now, { locale: LABEL_LOCALE }).map((l) => l.text)];
      const until = / until (.+) \(\w+\)$/.exec(step.name)?.[1];
      if (until) expect(shown.some((text) => text.endsWith(`until ${until}`)), `${step.name} vs ${shown.join(' / ')}`).toBe(true);
    }
    expect(demoDay(evening).map((s) => s.name).filter((n) => n.includes(' until '))).toEqual(['Busy until Thu 00:15 (calendar)', 'Do not disturb until Thu 00:40 (manual)']);
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
