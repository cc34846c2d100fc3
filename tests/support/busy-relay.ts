import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../relay/config';
import { startRelay } from '../../relay/start';
import { putSource, quietLogger, register } from './relay-process';
import { openSse, type SseClient } from './sse-client';

export interface BusyRelay {
  url: string;
  /** GET /metrics as text. */
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A whole relay (process metrics included, embedded store) with something to count: two people,
 * one in a call, one status stream open, a 404. For the metrics lint and the dashboard check.
 */
export async function startBusyRelay(env: Record<string, string> = {}): Promise<BusyRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ts-metrics-'));
  const config = loadConfig({ PORT: '0', RELAY_DATA_DIR: dataDir, ...env });
  const running = await startRelay(config, quietLogger);
  const streams: SseClient[] = [];
  try {
    const ada = await register(running.url, { displayName: 'Ada Lovelace' });
    const bob = await register(running.url, { displayName: 'Bob "the builder" \\ O\'Neil' });
    const observedAt = new Date().toISOString();
    for (const [who, inCall] of [[ada, true], [bob, false]] as const) {
      const res = await putSource(running.url, who.token, 'teams-web', { observedAt, call: { inCall } });
      if (res.status !== 200) throw new Error(`PUT answered ${res.status}`);
    }
    const stream = await openSse(`${running.url}/api/v1/s/${ada.share.id}/events`);
    streams.push(stream);
    await stream.nextEvent();
    await fetch(`${running.url}/no/such/route`);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return {
    url: running.url,
    scrape: async () => (await fetch(`${running.url}/metrics`)).text(),
    async stop() {
      for (const s of streams) s.close();
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Metric family names in a Prometheus text exposition (from its TYPE lines). */
export function metricFamilies(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(m[1]!, m[2]!);
  return families;
}
