import { readFileSync, writeFileSync } from 'node:fs';
import { emptyRecord } from '../../core';
import { demoDay } from './demo-day';
import { forgetSource, putReport, register, RelayRequestError, setShareLevel, type DemoPerson } from './relay-api';
import { orderStep } from './step-order';

export interface DemoOptions {
  /** Base URL of a running relay. */
  relayUrl: string;
  /** Time between steps of the scripted day (default 5 s). */
  intervalMs?: number;
  /** Where to remember the demo person, so restarts keep the same share link. */
  stateFile?: string;
  displayName?: string;
  log?: (line: string) => void;
}

export interface DemoSession {
  shareUrl: string;
  shareId: string;
  /** Stop cycling; resolves once the step in flight has finished. */
  stop(): Promise<void>;
}

function remembered(file: string | undefined): DemoPerson | null {
  if (!file) return null;
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoPerson>;
    return typeof p.token === 'string' && typeof p.shareId === 'string' && typeof p.shareUrl === 'string' ? (p as DemoPerson) : null;
  } catch {
    return null;
  }
}

/** Reuse the remembered person if the relay still knows their token; else register anew. */
async function demoPerson(opts: DemoOptions, name: string): Promise<DemoPerson> {
  const known = remembered(opts.stateFile);
  if (known) {
    try {
      const share = await setShareLevel(opts.relayUrl, known.token, 'detailed');
      return { token: known.token, shareId: share.id, shareUrl: share.url };
    } catch (err) {
      if (!(err instanceof RelayRequestError && err.status === 401)) throw err;
    }
  }
  const fresh = await register(opts.relayUrl, name);
  const share = await setShareLevel(opts.relayUrl, fresh.token, 'detailed');
  const person = { token: fresh.token, shareId: share.id, shareUrl: share.url };
  if (opts.stateFile) writeFileSync(opts.stateFile, JSON.stringify(person), { mode: 0o600 });
  return person;
}

/**
 * Register (or reuse) a demo person with a detailed share and publish a scripted day through
 * the relay's own HTTP API, one step every `intervalMs`, until stopped.
 */
export async function startDemo(opts: DemoOptions): Promise<DemoSession> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const intervalMs = opts.intervalMs ?? 5_000;
  const person = await demoPerson(opts, opts.displayName ?? 'Ada Lovelace');
  let stopped = false;
  let step = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  // What the relay holds for the demo person, as far as the demo knows (it is their only
  // publisher); a remembered person's older reports are overwritten by the first step.
  let mirror = emptyRecord(Date.now());

  const publish = async () => {
    const now = Date.now();
    const steps = demoDay(now);
    const s = steps[step % steps.length]!;
    step += 1;
    const plan = orderStep(mirror, s, now);
    try {
      for (const w of plan.writes) {
        if (w.kind === 'forget') await forgetSource(opts.relayUrl, person.token, w.source);
        else await putReport(opts.relayUrl, person.token, w.source, w.report);
      }
      mirror = plan.record;
      log(`demo: ${s.name}`);
    } catch (err) {
      // One failed step (relay restarting, rate limit) must not end the demo: the next step retries.
      log(`demo: step "${s.name}" failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const loop = () => {
    if (stopped) return;
    inFlight = publish().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  await inFlight;

  return {
    shareUrl: person.shareUrl,
    shareId: person.shareId,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
