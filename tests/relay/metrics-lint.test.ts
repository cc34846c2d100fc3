import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusyRelay, metricFamilies, type BusyRelay } from '../support/busy-relay';
import { promtoolPath } from '../support/install';
import { until } from '../support/until';

function promtool(text: string): { code: number | null; output: string } {
  const run = spawnSync(promtoolPath(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe('metrics, as an operator opted into per-person series', () => {
  let relay: BusyRelay;
  beforeAll(async () => {
    relay = await startBusyRelay({ METRICS_PER_PERSON: 'true' });
  });
  afterAll(() => relay?.stop());

  it('pass promtool check metrics with no warnings', async () => {
    const text = await relay.scrape();
    expect(promtool(text)).toEqual({ code: 0, output: '' });
  });

  it('count requests by route pattern, never by raw path', async () => {
    const text = await relay.scrape();
    expect(text).toMatch(/relay_http_requests_total\{method="PUT",route="\/api\/v1\/me\/sources\/:source",status="200"\} 2/);
    expect(text).toMatch(/relay_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).not.toMatch(/route="\/api\/v1\/s\/[A-Za-z0-9_-]{10,}/);
  });

  it('tell status changes, people in a call, open streams and store round trips', async () => {
    const text = await relay.scrape();
    expect(text).toMatch(/relay_status_changes_total\{source="teams-web",availability="Busy"\} 1/);
    expect(text).toMatch(/relay_status_changes_total\{source="teams-web",availability="Available"\} 1/);
    expect(text).toMatch(/^relay_people_in_call 1$/m);
    expect(text).toMatch(/^relay_people 2$/m);
    expect(text).toMatch(/relay_open_streams\{transport="sse"\} 1/);
    expect(text).toMatch(/relay_open_streams\{transport="websocket"\} 0/);
    expect(text).toMatch(/relay_store_operation_duration_seconds_count\{operation="applyReport"\} 2/);
  });

  it('name each person, their availability and their call time', async () => {
    const text = await relay.scrape();
    expect(text).toMatch(/relay_person_in_call\{user_id="[^"]+",person="Ada Lovelace"\} 1/);
    // Available is 0 in the documented order; the label value is escaped, not broken.
    expect(text).toContain('person="Bob \\"the builder\\" \\\\ O\'Neil"} 0');
    // Call time accrues between samples; a sample is taken at most every few seconds.
    const seconds = await until(async () => Number(/^relay_call_seconds_total (\S+)$/m.exec(await relay.scrape())?.[1] ?? 0) > 0, 'call seconds to accrue', 20_000);
    expect(seconds).toBe(true);
    const after = await relay.scrape();
    const person = Number(/relay_person_call_seconds_total\{[^}]*person="Ada Lovelace"\} (\S+)/.exec(after)?.[1]);
    const total = Number(/^relay_call_seconds_total (\S+)$/m.exec(after)?.[1]);
    expect(person).toBeGreaterThan(0);
    expect(person).toBeCloseTo(total, 6);
  });

  it('declare the job series before any job runs', async () => {
    const families = metricFamilies(await relay.scrape());
    expect(families.get('relay_job_runs_total')).toBe('counter');
    expect(families.get('relay_job_duration_seconds')).toBe('histogram');
    expect(families.get('relay_job_people_synced_total')).toBe('counter');
    expect(families.get('relay_job_throttled_retries_total')).toBe('counter');
  });
});

describe('metrics by default', () => {
  it('name nobody', async () => {
    const relay = await startBusyRelay();
    try {
      const text = await relay.scrape();
      expect(text).not.toMatch(/relay_person_|Ada Lovelace|user_id=/);
      expect(text).toMatch(/^relay_people_in_call 1$/m);
      expect(promtool(text)).toEqual({ code: 0, output: '' });
    } finally {
      await relay.stop();
    }
  });
});
