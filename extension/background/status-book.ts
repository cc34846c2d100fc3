import { applyReport, emptyRecord, forgetSource, viewStatus } from '../../core';
import type { AnyReport, ApplyResult, HistoryEntry, ResolvedStatus, SourceName, StatusRecord } from '../../core';
import { storageErrorWords, type Slot } from '../platform/storage';

export interface BookChange {
  applied: boolean;
  history: HistoryEntry | null;
  status: ResolvedStatus;
}

/**
 * The worker's own copy of the person's status: the latest report of each source, resolved
 * by core exactly as the relay does. Persisted on every change so a restarted worker (or
 * browser) shows the same status at once.
 */
export class StatusBook {
  private record: StatusRecord;
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly slot: Slot<StatusRecord | null>,
    record: StatusRecord,
    private readonly timeZone: string,
    private readonly locale: string | undefined,
  ) {
    this.record = record;
  }

  /** `locale` writes the times in labels like the pages write theirs (the browser's). */
  static async open(slot: Slot<StatusRecord | null>, nowMs: number, timeZone: string, locale?: string): Promise<StatusBook> {
    return new StatusBook(slot, (await slot.get()) ?? emptyRecord(nowMs), timeZone, locale);
  }

  report<S extends SourceName>(source: S): StatusRecord['reports'][S] {
    return this.record.reports[source];
  }

  view(nowMs: number): ResolvedStatus {
    return viewStatus(this.record, nowMs, this.timeZone, this.locale);
  }

  apply(source: SourceName, report: AnyReport, nowMs: number): Promise<BookChange> {
    return this.commit((record) => applyReport(record, source, report, nowMs, this.timeZone), nowMs);
  }

  forget(source: SourceName, nowMs: number): Promise<BookChange> {
    return this.commit((record) => forgetSource(record, source, nowMs, this.timeZone), nowMs);
  }

  /**
   * One change at a time, each made to the record the one before left: two sources changing
   * together (signing out withdraws presence and free/busy at once) would otherwise both start
   * from the same record, and whichever saved last would put the other's report back.
   */
  private commit(change: (record: StatusRecord) => ApplyResult, nowMs: number): Promise<BookChange> {
    const run = this.turn.then(async (): Promise<BookChange> => {
      const result = change(this.record);
      if (result.applied) {
        // Saved first: a status only counts once it would survive a worker restart.
        await this.slot.set(result.record).catch((err: unknown) => {
          throw new Error(storageErrorWords(err));
        });
        this.record = result.record;
      }
      return { applied: result.applied, history: result.history, status: this.view(nowMs) };
    });
    this.turn = run.catch(() => undefined);
    return run;
  }
}
