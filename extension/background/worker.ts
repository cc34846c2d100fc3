import { FRESHNESS, LIVE_HEARTBEAT_MS } from '../../core';
import type { AnyReport, ReportBySource, ResolvedStatus, SourceName, StatusRecord } from '../../core';
import { createHistoryLog, type HistoryLog } from '../history/history-log';
import type { ExtensionDb } from '../platform/db';
import type { Slot } from '../platform/storage';
import type { ContentEnvelope, TeamsWebSnapshot, WorkerToContent } from '../shared/content-messages';
import type { SourceSettings } from '../shared/messages';
import type { MicrosoftAccount } from '../sources/graph/account';
import type { SourceContext, StatusSource } from '../sources/source';
import { CalendarNotice } from './calendar-notice';
import type { TeamsLocalSource, TeamsLocalSourceOptions } from '../sources/teams-local';
import { teamsLocalStatusSource } from '../sources/teams-local/source';
import type { OutboxHealth } from '../sync/outbox';
import { RelayLink, type RelayConnection } from '../sync/relay-link';
import { StatusBook } from './status-book';
import { teamsWebStatusSource } from './teams-web-source';
import { TeamsWebTabs, type TabEntry } from './teams-web-tabs';

export type TeamsSource = 'teams-local' | 'teams-web';

/** Everything the worker keeps between runs (chrome.storage in the extension, memory in tests). */
export interface WorkerSlots {
  record: Slot<StatusRecord | null>;
  tabs: Slot<TabEntry[]>;
  connection: Slot<RelayConnection | null>;
  outboxHealth: Slot<OutboxHealth | null>;
  settings: Slot<SourceSettings>;
  teamsLocalToken: Slot<string | null>;
}

/** The worker's view of the world; main.ts binds these to chrome.*, tests to fakes. */
export interface WorkerDeps {
  now(): number;
  timeZone: string;
  slots: WorkerSlots;
  db: ExtensionDb;
  fetch?: typeof fetch;
  showBadge(status: ResolvedStatus): void;
  scheduleOutbox(delayMs: number): void;
  hasRelayAccess(relayUrl: string): Promise<boolean>;
  sendToTab(tabId: number, message: ContentEnvelope<WorkerToContent>): Promise<unknown>;
  createTeamsLocal(options: Pick<TeamsLocalSourceOptions, 'address' | 'loadToken' | 'saveToken'>): TeamsLocalSource;
  /** The sources beyond the two Teams sensors (extension/background/source-list.ts in the extension). */
  createSources?(context: (id: string) => SourceContext): StatusSource[];
  /** The Microsoft 365 sign-in the Graph sources share (the options page signs in and out through it). */
  microsoft?: MicrosoftAccount;
  /** Named one-shot alarms for the sources (chrome.alarms in the extension). */
  alarms?: { set(name: string, whenMs: number): void; clear(name: string): void };
  keepAlive(wanted: boolean): void;
  /** Something the popup shows changed. */
  onChange?(): void;
  /** A browser notification (chrome.notifications in the extension). */
  notify?(title: string, message: string): void;
  log(line: string): void;
}

/** How often main.ts calls tick() while the worker is awake. */
export const TICK_MS = 15_000;

/**
 * Re-publish an unchanged report once it is half its freshness window old: for Teams (90 s)
 * that is 45 s, so with a tick every 15 s none gets older than a minute (LIVE_HEARTBEAT_MS).
 */
const heartbeatDue = (source: SourceName) => Math.min(FRESHNESS[source].freshMs / 2, source === 'teams-local' || source === 'teams-web' ? LIVE_HEARTBEAT_MS - TICK_MS : Infinity);

/** Alarms of sources are named `source:<id>:<name>`; anything else belongs to the worker. */
export const SOURCE_ALARM_PREFIX = 'source:';

function content(report: AnyReport | undefined): string {
  return report ? JSON.stringify({ ...report, observedAt: undefined }) : '';
}

/**
 * The service worker's state: its sensors, the resolved status, history and the relay link.
 * Events come in through the methods below; main.ts registers the browser's listeners.
 */
export class Worker {
  lastError: string | null = null;
  /** Tells the person when the calendar changed their status (opt-out setting). */
  readonly notice: CalendarNotice;
  private constructor(
    readonly deps: WorkerDeps,
    readonly book: StatusBook,
    readonly tabs: TeamsWebTabs,
    readonly relay: RelayLink,
    readonly history: HistoryLog,
    readonly teamsLocal: TeamsLocalSource,
    readonly sources: StatusSource[],
  ) {
    this.notice = new CalendarNotice((title, message) => deps.notify?.(title, message));
  }

  static async start(deps: WorkerDeps): Promise<Worker> {
    const now = deps.now();
    const settings = await deps.slots.settings.get();
    const [book, tabs] = await Promise.all([StatusBook.open(deps.slots.record, now, deps.timeZone), TeamsWebTabs.open(deps.slots.tabs)]);
    const relay = new RelayLink({
      connection: deps.slots.connection,
      health: deps.slots.outboxHealth,
      db: deps.db,
      fetch: deps.fetch,
      schedule: deps.scheduleOutbox,
      hasAccess: deps.hasRelayAccess,
      onChange: () => deps.onChange?.(),
      log: deps.log,
    });
    await relay.restore();
    const teamsLocal = deps.createTeamsLocal({
      address: settings.teamsLocalUrl,
      loadToken: () => deps.slots.teamsLocalToken.get(),
      saveToken: (token) => deps.slots.teamsLocalToken.set(token),
    });
    const context = (id: string): SourceContext => ({
      now: deps.now,
      log: (line) => deps.log(`[${id}] ${line}`),
      alarms: {
        set: (name, whenMs) => deps.alarms?.set(`${SOURCE_ALARM_PREFIX}${id}:${name}`, whenMs),
        clear: (name) => deps.alarms?.clear(`${SOURCE_ALARM_PREFIX}${id}:${name}`),
      },
    });
    const sources = [teamsLocalStatusSource(teamsLocal, deps.now), teamsWebStatusSource(tabs, deps.now), ...(deps.createSources?.(context) ?? [])];
    const worker = new Worker(deps, book, tabs, relay, createHistoryLog(deps.db), teamsLocal, sources);
    worker.notice.enabled = settings.calendarNotifications !== false;
    for (const source of sources) {
      source.onChange(() =>
        void worker.onSourceChange(source).catch((err: unknown) => {
          worker.lastError = err instanceof Error ? err.message : String(err);
          deps.log(`[${source.id}] ${worker.lastError}`);
        }),
      );
      await source.configure?.(settings);
      await source.start().catch((err: unknown) => deps.log(`[${source.id}] could not start: ${String(err)}`));
    }
    await worker.history.prune(now).catch(() => undefined);
    await worker.tick();
    void relay.flush();
    return worker;
  }

  /** A time strictly after the source's last report: the relay ignores anything not newer. */
  private observedAt(source: SourceName): string {
    const prev = this.book.report(source);
    const now = this.deps.now();
    return new Date(prev ? Math.max(now, Date.parse(prev.observedAt) + 1) : now).toISOString();
  }

  /** Apply a report locally (history, badge) and queue it for the relay. */
  async publish(source: SourceName, report: AnyReport | null): Promise<void> {
    const now = this.deps.now();
    const change = report ? await this.book.apply(source, report, now) : await this.book.forget(source, now);
    if (!change.applied) return;
    await this.noteHistory(change.status, now);
    this.deps.showBadge(change.status);
    this.notice.observe(change.status);
    this.tellSources(change.status);
    this.deps.keepAlive(this.wantsKeepAlive());
    this.deps.onChange?.();
    await this.relay.queue(source, report);
  }

  /**
   * A sensor's current reading: published when it changed or a heartbeat is due. A sensor
   * that lost sight says nothing (its report goes stale: we don't know), unless the loss
   * itself ends the call (`ended`: the Teams tab was closed) or the source withdrew (`clear`).
   */
  async publishReading<S extends SourceName>(source: S, report: ReportBySource[S] | null, opts: { ended?: boolean; clear?: boolean } = {}): Promise<void> {
    const prev = this.book.report(source);
    if (!report) {
      if (opts.clear && prev) await this.publish(source, null);
      else if (opts.ended && prev && 'call' in prev && prev.call?.inCall) await this.publish(source, { observedAt: this.observedAt(source), call: null });
      return;
    }
    const observedMs = Math.max(Date.parse(report.observedAt), prev ? Date.parse(prev.observedAt) + 1 : 0);
    const stamped = { ...report, observedAt: new Date(observedMs).toISOString() };
    const changed = content(prev) !== content(stamped);
    if (changed || !prev || observedMs - Date.parse(prev.observedAt) >= heartbeatDue(source)) await this.publish(source, stamped);
  }

  /** Publish a source's reading (called on its change callback and every tick). */
  async publishFrom(source: StatusSource): Promise<void> {
    // Sources sharing a report: the first in the list with a reading speaks for all of them.
    const speaking = this.sources.find((s) => s.publishes === source.publishes && s.current().report) ?? source;
    const reading = speaking.current();
    await this.publishReading(source.publishes, reading.report, { clear: reading.clear === true });
  }

  async onSourceChange(source: StatusSource): Promise<void> {
    await this.publishFrom(source);
    this.deps.keepAlive(this.wantsKeepAlive());
    this.deps.onChange?.();
  }

  /** A `source:<id>:<name>` alarm fired. */
  async onSourceAlarm(alarm: string): Promise<void> {
    const rest = alarm.slice(SOURCE_ALARM_PREFIX.length);
    const source = this.sources.find((s) => rest.startsWith(`${s.id}:`));
    await source?.onAlarm?.(rest.slice(source.id.length + 1));
  }

  /** Settings changed: every source applies what concerns it. */
  async configure(settings: SourceSettings): Promise<void> {
    this.notice.enabled = settings.calendarNotifications !== false;
    for (const source of this.sources) await source.configure?.(settings);
  }

  /** The popup opened: sources that can refresh cheaply do. */
  refreshSources(): void {
    for (const source of this.sources) source.refresh?.();
  }

  stopSources(): void {
    for (const source of this.sources) source.stop();
  }

  async onTeamsWebUpdate(tabId: number, snapshot: TeamsWebSnapshot): Promise<void> {
    await this.tabs.update(tabId, snapshot, this.deps.now());
    await this.publishReading('teams-web', this.tabs.report(this.deps.now()));
    this.deps.keepAlive(this.wantsKeepAlive());
    this.deps.onChange?.();
  }

  async onTabRemoved(tabId: number): Promise<void> {
    if (!(await this.tabs.prune(this.deps.now(), [tabId]))) return;
    await this.publishReading('teams-web', this.tabs.report(this.deps.now()), { ended: true });
    this.deps.onChange?.();
  }

  /** Every 15–30 s (timer while awake, alarm otherwise): heartbeats, silent tabs, the badge. */
  async tick(): Promise<void> {
    const now = this.deps.now();
    if (await this.tabs.prune(now)) this.deps.onChange?.();
    for (const source of this.sources) await this.publishFrom(source);
    const status = this.book.view(now);
    await this.noteHistory(status, now);
    this.deps.showBadge(status);
    this.notice.observe(status);
    this.tellSources(status);
    this.deps.keepAlive(this.wantsKeepAlive());
  }

  private tellSources(status: ResolvedStatus): void {
    for (const source of this.sources) source.onStatus?.(status);
  }

  /** The timeline is a nicety: a failure to write it must not stop the status from flowing. */
  private async noteHistory(status: ResolvedStatus, nowMs: number): Promise<void> {
    await this.history.note(status, nowMs).catch((err: unknown) => this.deps.log(`[history] ${String(err)}`));
  }

  /** Keep the worker awake while a source asks (the Teams socket is open, a call is on). */
  wantsKeepAlive(): boolean {
    return this.sources.some((s) => s.wantsKeepAlive());
  }

  /** After connecting: send what we know now (unexpired), so the relay is current at once. */
  async publishCurrent(): Promise<void> {
    const now = this.deps.now();
    for (const source of new Set<SourceName>(['manual', ...this.sources.map((s) => s.publishes)])) {
      const report = this.book.report(source);
      if (report && now - Date.parse(report.observedAt) < FRESHNESS[source].expireMs) await this.relay.queue(source, report);
    }
  }
}
