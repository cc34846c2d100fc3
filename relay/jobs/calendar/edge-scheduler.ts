import type { UserRecord } from '../../store/store';
import { scheduleBlocks, type ScheduleItem } from './schedule-blocks';

/** A person's schedule as the last run read it. */
export interface ReadSchedule {
  user: UserRecord & { email: string };
  items: ScheduleItem[];
}

/** Edges at most this far ahead are scheduled; later ones belong to the next run. */
const MAX_TIMER_MS = 24 * 3_600_000;

/**
 * Rewrites a person's `calendar` report at each block edge between two runs (a meeting ending
 * at 11:00 is written at 11:00), so history, the organisation stream and every replica see the
 * change when it happens rather than at the next sync. Viewers of a share already switch at the
 * edge (the relay resolves at read time); this makes the stored record follow. One timer per
 * instant, replaced by every run.
 */
export class EdgeScheduler {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly write: (people: ReadSchedule[], atMs: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Schedule the edges in (fromMs, untilMs] of these schedules, replacing what was scheduled.
   * `fromMs` is when the run read them: an edge that passed while the run was still going is
   * written at once (a report older than the stored one is simply not applied).
   */
  schedule(schedules: readonly ReadSchedule[], fromMs: number, untilMs: number): number {
    this.stop();
    const byInstant = new Map<number, ReadSchedule[]>();
    for (const s of schedules) {
      for (const block of scheduleBlocks(s.items)) {
        for (const edge of [Date.parse(block.start), Date.parse(block.end)]) {
          if (edge <= fromMs || edge > untilMs) continue;
          const list = byInstant.get(edge) ?? [];
          if (!list.includes(s)) list.push(s);
          byInstant.set(edge, list);
        }
      }
    }
    for (const [at, people] of byInstant) {
      const timer = setTimeout(() => void this.write(people, at), Math.max(0, Math.min(MAX_TIMER_MS, at - this.now())));
      timer.unref?.();
      this.timers.push(timer);
    }
    return byInstant.size;
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
