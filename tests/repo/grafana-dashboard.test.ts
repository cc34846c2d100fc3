import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITIES } from '../../core';
import { metricFamilies, startBusyRelay, type BusyRelay } from '../support/busy-relay';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults: { mappings?: { options: Record<string, { text: string }> }[] } };
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}

const dashboard = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'grafana', 'teams-status.json'), 'utf8')) as {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queries = panels.filter((p) => p.type !== 'row');
const SOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Panel types that ship with Grafana 10 (no plugins to install). */
const BUILT_IN = new Set(['row', 'stat', 'timeseries', 'state-timeline', 'bargauge', 'table', 'gauge', 'text']);

describe('grafana/teams-status.json', () => {
  let relay: BusyRelay;
  let families: Map<string, string>;
  beforeAll(async () => {
    relay = await startBusyRelay({ METRICS_PER_PERSON: 'true' });
    families = metricFamilies(await relay.scrape());
  });
  afterAll(() => relay?.stop());

  it('is a Grafana 10+ dashboard with a stable uid and unique panel ids', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(dashboard.uid).toBe('teams-status');
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      expect(BUILT_IN.has(p.type), `${p.title}: ${p.type}`).toBe(true);
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });

  it('asks for its Prometheus data source on import, and every query uses it', () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable).toMatchObject({ name: 'datasource', query: 'prometheus' });
    for (const p of queries) {
      expect(p.datasource, p.title).toEqual(SOURCE);
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource, p.title).toEqual(SOURCE);
    }
  });

  it('queries only metrics the relay exposes', () => {
    const exprs = [
      ...queries.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
      ...dashboard.templating.list.filter((v) => typeof v.query === 'object').map((v) => ({ where: `variable ${v.name}`, expr: (v.query as { query: string }).query })),
    ];
    for (const { where, expr } of exprs) {
      const names = [...expr.matchAll(/\b(?:relay|nodejs|process)_[a-z0-9_]+\b/g)].map((m) => m[0]);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        const base = name.replace(/_(bucket|sum|count)$/, '');
        const known = families.has(name) || (base !== name && families.get(base) === 'histogram');
        expect(known, `${where}: ${name} is not on /metrics`).toBe(true);
      }
    }
  });

  it('shows the panels people asked for', () => {
    const byTitle = new Map(queries.map((p) => [p.title, p]));
    expect(byTitle.get('People in a call now')?.targets?.[0]?.expr).toContain('relay_people_in_call');
    expect(byTitle.get('Meeting time per day')?.targets?.[0]?.expr).toContain('relay_call_seconds_total');
    expect(byTitle.get('Open streams')?.targets?.[0]?.expr).toContain('relay_open_streams');
    expect(queries.some((p) => p.targets?.some((t) => t.expr.includes('relay_job_runs_total')))).toBe(true);
    expect(queries.some((p) => p.targets?.some((t) => t.expr.includes('relay_http_request_duration_seconds_bucket')))).toBe(true);
  });

  it('names every availability in the status timeline, in the relay metric numbering', () => {
    const timeline = queries.find((p) => p.type === 'state-timeline');
    expect(timeline?.targets?.[0]?.expr).toContain('relay_person_availability');
    const options = timeline?.fieldConfig?.defaults.mappings?.[0]?.options ?? {};
    expect(AVAILABILITIES.map((_, i) => options[String(i)]?.text)).toEqual([...AVAILABILITIES]);
  });
});
