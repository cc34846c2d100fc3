import type { Rule } from '../../core';
import type { NotifyStore, QueuedChange, ScheduledJob, StoredWatch } from '../store/notify-store';
import type { UserRecord } from '../store/store';
import { changeMatches } from './conditions';

export interface FanOutInput {
  change: QueuedChange;
  /** Null: the person was deleted meanwhile (their change goes nowhere). */
  user: UserRecord | null;
  personal: Rule[];
  organisation: Rule[];
  watches: StoredWatch[];
  nowMs: number;
  defaultDebounceSeconds: number;
}

export interface FanOut {
  jobs: ScheduledJob[];
  /** Watches that ended without firing (expired, or made through a share since rotated). */
  ended: StoredWatch[];
}

/** The deliveries one change makes: a job per matching rule (debounced), one per watch it fires. */
export function fanOut(input: FanOutInput): FanOut {
  const { change, user, nowMs } = input;
  if (!user) return { jobs: [], ended: [] };
  const jobs: ScheduledJob[] = [];
  const rules = [...input.personal, ...input.organisation.filter((r) => !r.person || r.person === user.email)];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!changeMatches(rule.when, change.before, change.after)) continue;
    const debounce = rule.debounceSeconds ?? input.defaultDebounceSeconds;
    // One delivery per channel and kind of change, however many rules say the same.
    const key = debounce > 0 ? `d:${rule.channelId}:${user.userId}:${rule.when}` : `${change.id}:${rule.channelId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const base = { eventId: change.id, type: 'status.changed' as const, at: change.at, userId: user.userId, logId: rule.channelId, channelId: rule.channelId, attempts: 0 };
    jobs.push(debounce > 0 ? { job: { ...base, key, recheck: rule.when }, dueMs: nowMs + debounce * 1000, replace: true } : { job: { ...base, key }, dueMs: nowMs, replace: false });
  }
  const ended: StoredWatch[] = [];
  for (const watch of input.watches) {
    if (Date.parse(watch.expiresAt) <= nowMs || watch.shareId !== user.shareId) {
      ended.push(watch);
      continue;
    }
    if (!changeMatches(watch.when, change.before, change.after)) continue;
    jobs.push({
      job: { key: `${change.id}:w:${watch.id}`, eventId: change.id, type: 'watch.fired', at: change.at, userId: user.userId, logId: `watch:${watch.id}`, watch, attempts: 0 },
      dueMs: nowMs,
      replace: false,
    });
  }
  return { jobs, ended };
}

/**
 * Read what fanOut needs for one change: the person, their rules and their watches in one round
 * trip (the change names the person), then the organisation's rules when they are on the roster.
 */
export async function fanOutInput(store: { getUser(userId: string): Promise<UserRecord | null>; notify: NotifyStore }, change: QueuedChange, nowMs: number, defaultDebounceSeconds: number): Promise<FanOutInput> {
  const { notify } = store;
  const [user, personal, watches] = await Promise.all([store.getUser(change.userId), notify.getRules(`user:${change.userId}`), notify.listWatches(change.userId)]);
  // Deleted meanwhile: the change goes nowhere (what was read for them is not used).
  if (!user) return { change, user, personal: [], organisation: [], watches: [], nowMs, defaultDebounceSeconds };
  const organisation = user.roster ? await notify.getRules('org') : [];
  return { change, user, personal, organisation, watches, nowMs, defaultDebounceSeconds };
}
