import type { Resolution } from './status';
import type { ShareLevel } from './wire/requests';

/**
 * What one share level has shown so far. Each level counts its own changes: a `basic` share
 * moves only when what basic shows moves, so its seq, since, updatedAt (and so its ETag and SSE
 * ids) cannot reveal when a call started or ended, nor a mute toggle.
 */
export interface LevelState {
  /** Increases by one with every change this level shows; its ETag and SSE id. */
  seq: number;
  /** When this level's headline (availability; at detailed also the activity) last changed. */
  since: string;
  /** When anything this level shows last changed (detailed: also every applied report). */
  updatedAt: string;
  /** Fingerprint of what the level showed, to tell a change from a repeat ('' before any). */
  shown: string;
  /** The part whose change moves `since`. */
  headline: string;
}

export type LevelStates = Record<ShareLevel, LevelState>;

/** Exactly the parts of a resolution each level shows (basic: availability, its label, stale). */
function shownAt(level: ShareLevel, r: Omit<Resolution, 'nextChangeAt'>): { shown: string; headline: string } {
  if (level === 'basic') return { shown: JSON.stringify([r.availability, r.stale]), headline: r.availability };
  return {
    shown: JSON.stringify([r.availability, r.activity, r.label, r.stale, r.call, r.calendar, r.message]),
    headline: `${r.availability}/${r.activity}`,
  };
}

/** The states of a record from before levels were tracked, or of an empty one (seq 0). */
export function initialLevels(last: { availability: string; activity: string; since: string }, seq: number, updatedAt: string): LevelStates {
  const start = { seq, since: last.since, updatedAt, shown: '' };
  return { basic: { ...start, headline: last.availability }, detailed: { ...start, headline: `${last.availability}/${last.activity}` } };
}

/**
 * Advance every level to resolution `r` at instant `at`. A level whose view is unchanged keeps
 * its state, except that detailed counts every applied report (`report`), as it shows updatedAt.
 */
export function stepLevels(levels: LevelStates, r: Omit<Resolution, 'nextChangeAt'>, at: string, report: boolean): LevelStates {
  const next = { ...levels };
  for (const level of ['basic', 'detailed'] as const) {
    const before = levels[level];
    const { shown, headline } = shownAt(level, r);
    if (shown === before.shown && !(report && level === 'detailed')) continue;
    next[level] = { seq: before.seq + 1, since: headline !== before.headline ? at : before.since, updatedAt: at, shown, headline };
  }
  return next;
}
