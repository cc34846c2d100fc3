import type { TeamsReport } from '../../core';
import type { Slot } from '../platform/storage';
import type { TeamsWebSnapshot } from '../shared/content-messages';
import type { SourceHealth } from '../shared/messages';

export interface TabEntry {
  tabId: number;
  snapshot: TeamsWebSnapshot;
  /** When the tab last spoke (ms); a tab silent for long is gone or frozen. */
  seenAt: number;
}

/** The content script's heartbeat is 30 s: three missed beats mean the tab no longer reports. */
export const TAB_SILENCE_MS = 90_000;

/**
 * What each open Teams tab last reported. Several tabs may report; the one in a call wins,
 * then the one heard from most recently. Kept in session storage: tab ids mean nothing after
 * a browser restart.
 */
export class TeamsWebTabs {
  private constructor(
    private readonly slot: Slot<TabEntry[]>,
    private tabs: TabEntry[],
  ) {}

  static async open(slot: Slot<TabEntry[]>): Promise<TeamsWebTabs> {
    return new TeamsWebTabs(slot, await slot.get());
  }

  async update(tabId: number, snapshot: TeamsWebSnapshot, nowMs: number): Promise<void> {
    this.tabs = [...this.tabs.filter((t) => t.tabId !== tabId), { tabId, snapshot, seenAt: nowMs }];
    await this.slot.set(this.tabs);
  }

  /** Forget tabs that closed or went silent; true when something was forgotten. */
  async prune(nowMs: number, closed: number[] = []): Promise<boolean> {
    const keep = this.tabs.filter((t) => !closed.includes(t.tabId) && nowMs - t.seenAt <= TAB_SILENCE_MS);
    if (keep.length === this.tabs.length) return false;
    this.tabs = keep;
    await this.slot.set(this.tabs);
    return true;
  }

  /** The tab whose reading counts (never one whose page we could not read). */
  winner(): TabEntry | null {
    const readable = this.tabs.filter((t) => t.snapshot.state !== 'page-changed');
    const byRecent = (a: TabEntry, b: TabEntry) => b.seenAt - a.seenAt;
    return readable.filter((t) => t.snapshot.state === 'in-call').sort(byRecent)[0] ?? readable.sort(byRecent)[0] ?? null;
  }

  /** The report the winning tab makes, or null when no tab can be read. */
  report(nowMs: number): TeamsReport | null {
    const w = this.winner();
    if (!w) return null;
    const call = w.snapshot.state === 'in-call' ? w.snapshot.call : null;
    const report: TeamsReport = { observedAt: new Date(nowMs).toISOString(), call };
    if (w.snapshot.presence) report.presence = w.snapshot.presence;
    return report;
  }

  health(): SourceHealth['teamsWeb'] {
    const w = this.winner();
    if (w) return { state: w.snapshot.state === 'in-call' ? 'in-call' : 'idle', detail: w.snapshot.detail };
    const broken = this.tabs[0];
    if (broken) return { state: 'page-changed', detail: broken.snapshot.detail ?? 'Teams changed its page: the call state cannot be read.' };
    return { state: 'no-tab', detail: null };
  }

  count(): number {
    return this.tabs.length;
  }
}
