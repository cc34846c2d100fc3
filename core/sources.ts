/** Where a report comes from, in precedence order (see resolve.ts for how they combine). */
export const SOURCE_NAMES = ['manual', 'teams-local', 'teams-web', 'graph', 'calendar'] as const;

export type SourceName = (typeof SOURCE_NAMES)[number];

export function isSourceName(value: string): value is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(value);
}

/**
 * How long a report stays trustworthy. Past `freshMs` it is shown but marked stale; past
 * `expireMs` it is ignored. Live sources (Teams) re-publish at least every minute while they
 * can see Teams, so 90 s of silence means the sensor is gone. A manual status never goes stale:
 * it lasts until its `until` or until cleared.
 */
export interface Freshness {
  readonly freshMs: number;
  readonly expireMs: number;
}

const MINUTE = 60_000;

export const FRESHNESS: Record<SourceName, Freshness> = {
  manual: { freshMs: Number.POSITIVE_INFINITY, expireMs: Number.POSITIVE_INFINITY },
  'teams-local': { freshMs: 90_000, expireMs: 10 * MINUTE },
  'teams-web': { freshMs: 90_000, expireMs: 10 * MINUTE },
  graph: { freshMs: 10 * MINUTE, expireMs: 60 * MINUTE },
  calendar: { freshMs: 30 * MINUTE, expireMs: 24 * 60 * MINUTE },
};

/** How often a live sensor must re-publish an unchanged report to stay fresh. */
export const LIVE_HEARTBEAT_MS = 60_000;

export type FreshnessState = 'fresh' | 'stale' | 'expired';

export function freshnessOf(source: SourceName, observedAtMs: number, nowMs: number): FreshnessState {
  const age = nowMs - observedAtMs;
  const f = FRESHNESS[source];
  if (age <= f.freshMs) return 'fresh';
  if (age <= f.expireMs) return 'stale';
  return 'expired';
}
