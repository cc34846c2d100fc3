import type { TeamsWebSnapshot, UpdateReason } from '../../shared/content-messages';

/** Timing of the content script's updates (ms). */
export interface GateOptions {
  /** Re-send an unchanged snapshot this often, so the worker knows the tab is alive. */
  heartbeatMs: number;
  /** Hold "page-changed" this long before reporting it: Teams draws its shell before its badges. */
  pageChangedGraceMs: number;
}

export const GATE_DEFAULTS: GateOptions = { heartbeatMs: 30_000, pageChangedGraceMs: 10_000 };

export interface GateDecision {
  snapshot: TeamsWebSnapshot;
  reason: UpdateReason;
}

/**
 * Decides which readings of the page are worth sending: the first one, each change, and a
 * heartbeat when nothing changed for a while. Pure apart from its own memory; time is passed in.
 */
export function createUpdateGate(opts: GateOptions = GATE_DEFAULTS) {
  let last: { key: string; snapshot: TeamsWebSnapshot; at: number } | null = null;
  let changedSince: number | null = null;

  function heartbeat(nowMs: number): GateDecision | null {
    if (!last || nowMs - last.at < opts.heartbeatMs) return null;
    last = { ...last, at: nowMs };
    return { snapshot: last.snapshot, reason: 'heartbeat' };
  }

  return {
    offer(snapshot: TeamsWebSnapshot, nowMs: number): GateDecision | null {
      if (snapshot.state === 'page-changed') {
        changedSince ??= nowMs;
        if (nowMs - changedSince < opts.pageChangedGraceMs) return heartbeat(nowMs);
      } else {
        changedSince = null;
      }
      const key = JSON.stringify(snapshot);
      if (!last) {
        last = { key, snapshot, at: nowMs };
        return { snapshot, reason: 'start' };
      }
      if (key !== last.key) {
        last = { key, snapshot, at: nowMs };
        return { snapshot, reason: 'change' };
      }
      return heartbeat(nowMs);
    },
    /** The worker did not take the last update: start over so the next reading is sent. */
    forget(): void {
      last = null;
    },
    /** The last snapshot sent, for the worker's ping. */
    current(): TeamsWebSnapshot | null {
      return last?.snapshot ?? null;
    },
  };
}
