import { applyReport, emptyRecord, forgetSource, viewStatus } from '../../core';
import type { AnyReport, HistoryEntry, ResolvedStatus, SourceName, StatusRecord } from '../../core';
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

  async apply(source: SourceName, report: AnyReport, nowMs: number): Promise<BookChange> {
    return this.commit(applyReport(this.record, source, report, nowMs, this.timeZone), nowMs);
  }

  async forget(source: SourceName, nowMs: number): Promise<BookChange> {
    return this.commit(forgetSource(this.record, source, nowMs, this.timeZone), nowMs);
  }

  private async commit(result: ReturnType<typeof applyReport>, nowMs: number): Promise<BookChange> {
    if (result.applied) {
      // Saved first: a status only counts once it would survive a worker restart.
      await this.slot.set(result.record).catch((err: unknown) => {
        throw new Error(storageErrorWords(err));
      });
      this.record = result.record;
    }
    return { applied: result.applied, history: result.history, status: this.view(nowMs) };
  }
}
