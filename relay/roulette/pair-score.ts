import { hash32, pairKey } from './seeded';

/** Someone in this round's draw: opted in, not snoozed. */
export interface Participant {
  email: string;
  department: string | null;
  /** People this person must never be grouped with (either side's list is enough). */
  doNotPair: readonly string[];
}

/** A finished round, as the matcher remembers it. */
export interface PastRound {
  /** The Monday of the round's week, YYYY-MM-DD. */
  weekOf: string;
  groups: readonly (readonly string[])[];
}

export interface ScoreSettings {
  seed: string;
  weekOf: string;
  noRepeatWeeks: number;
  crossDepartment: boolean;
}

/** Bonus for people from two different departments (when crossDepartment). */
const CROSS_DEPARTMENT = 1000;
/** Bonus for people who never met; partners met beyond the window get part of it. */
const FRESHNESS = 1000;
/** Tie-breaking noise from the seed, so equal pairs are not always drawn in email order. */
export const JITTER = 100;
/** The most any pair's quality can be (jitter apart). */
export const MAX_QUALITY = CROSS_DEPARTMENT + FRESHNESS;

const WEEK_MS = 7 * 86_400_000;

/** Whole weeks from `from` to `to` (both YYYY-MM-DD). */
export const weeksBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / WEEK_MS);

/** What one pair is worth: `repeat` (met inside the window) dominates, then `quality`. */
export interface PairScore {
  repeat: boolean;
  quality: number;
  /** 0..JITTER−1: only ever breaks ties between equal qualities. */
  jitter: number;
}

/**
 * Who met whom and when, and who must never meet: the matcher's memory. Built once per round
 * from the store's past rounds and everyone's do-not-pair list.
 */
export class PairBook {
  private readonly lastMet = new Map<string, number>();
  private readonly forbidden = new Set<string>();
  private readonly department = new Map<string, string | null>();

  constructor(
    people: readonly Participant[],
    history: readonly PastRound[],
    private readonly settings: ScoreSettings,
  ) {
    for (const p of people) {
      this.department.set(p.email, p.department);
      for (const other of p.doNotPair) if (other !== p.email) this.forbidden.add(pairKey(p.email, other.toLowerCase()));
    }
    for (const round of history) {
      const weeks = weeksBetween(round.weekOf, settings.weekOf);
      if (weeks <= 0) continue; // this week's own (or a future) round is not memory
      for (const group of round.groups)
        for (let i = 0; i < group.length; i++)
          for (let j = i + 1; j < group.length; j++) {
            const key = pairKey(group[i]!, group[j]!);
            const before = this.lastMet.get(key);
            if (before === undefined || weeks < before) this.lastMet.set(key, weeks);
          }
    }
  }

  isForbidden(a: string, b: string): boolean {
    return a === b || this.forbidden.has(pairKey(a, b));
  }

  /** Weeks since a and b last met (undefined: never). */
  weeksSinceMet(a: string, b: string): number | undefined {
    return this.lastMet.get(pairKey(a, b));
  }

  isRepeat(a: string, b: string): boolean {
    const weeks = this.weeksSinceMet(a, b);
    return weeks !== undefined && weeks <= this.settings.noRepeatWeeks;
  }

  departmentsOf(a: string, b: string): 'same' | 'different' | 'unknown' {
    const da = this.department.get(a) ?? null;
    const db = this.department.get(b) ?? null;
    return da === null || db === null ? 'unknown' : da === db ? 'same' : 'different';
  }

  score(a: string, b: string): PairScore {
    const weeks = this.weeksSinceMet(a, b);
    const repeat = weeks !== undefined && weeks <= this.settings.noRepeatWeeks;
    // Beyond the window a recent partner still costs something, less the longer ago it was.
    const freshness = weeks === undefined ? FRESHNESS : repeat ? 0 : Math.round(FRESHNESS * (1 - this.settings.noRepeatWeeks / weeks));
    const cross = this.settings.crossDepartment && this.departmentsOf(a, b) === 'different' ? CROSS_DEPARTMENT : 0;
    const jitter = hash32(pairKey(a, b), hash32(this.settings.seed)) % JITTER;
    return { repeat, quality: cross + freshness, jitter };
  }
}
