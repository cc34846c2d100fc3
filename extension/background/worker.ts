import { FRESHNESS, LIVE_HEARTBEAT_MS } from '../../core';
import type { AnyReport, ResolvedStatus, SourceName, StatusRecord, TeamsReport } from '../../core';
import { createHistoryLog, type HistoryLog } from '../history/history-log';
import type { ExtensionDb } from '../platform/db';
import type { Slot } from '../platform/storage';
import type { ContentEnvelope, TeamsWebSnapshot, WorkerToContent } from '../shared/content-messages';
import type { Settings } from '../shared/messages';
import { toTeamsReport, type TeamsLocalSnapshot, type TeamsLocalSource, type TeamsLocalSourceOptions } from '../sources/teams-local';
import type { OutboxHealth } from '../sync/outbox';
import { CommandStream } from '../sync/command-stream';
import { RelayLink, type RelayConnection } from '../sync/relay-link';
import { performCallAction } from './actions';
import { StatusBook } from './status-book';
import { TeamsWebTabs, type TabEntry } from './teams-web-tabs';

export type TeamsSource = 'teams-local' | 'teams-web';

/** Everything the worker keeps between runs (chrome.storage in the extension, memory in tests). */
export interface WorkerSlots {
  record: Slot<StatusRecord | null>;
  tabs: Slot<TabEntry[]>;
  connection: Slot<RelayConnection | null>;
  outboxHealth: Slot<OutboxHealth | null>;
  settings: Slot<Pick<Settings, 'teamsLocalUrl' | 'teamsLocalEnabled'>>;
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
  keepAlive(wanted: boolean): void;
  /** Something the popup shows changed. */
  onChange?(): void;
  log(line: string): void;
}

/** How often main.ts calls tick() while the worker is awake. */
export const TICK_MS = 15_000;

/** Re-publish a live report once it is this old, so with a tick every 15 s none gets older than a minute. */
const HEARTBEAT_DUE_MS = LIVE_HEARTBEAT_MS - TICK_MS;

function content(report: AnyReport | undefined): string {
  return report ? JSON.stringify({ ...report, observedAt: undefined }) : '';
}

/**
 * The service worker's state: its sensors, the resolved status, history and the relay link.
 * Events come in through the methods below; main.ts registers the browser's listeners.
 */
export class Worker {
  lastError: string | null = null;
  private constructor(
    readonly deps: WorkerDeps,
    readonly book: StatusBook,
    readonly tabs: TeamsWebTabs,
    readonly relay: RelayLink,
    readonly history: HistoryLog,
    readonly teamsLocal: TeamsLocalSource,
    readonly commands: CommandStream,
  ) {}

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
    // Commands from the person's dashboards (MQTT buttons) go through the popup's own call actions.
    let self: Worker | null = null;
    const commands = new CommandStream({
      fetch: deps.fetch,
      perform: async ({ action }) => {
        if (!self) throw new Error('The extension is still starting.');
        await performCallAction(self, { kind: action });
      },
      log: deps.log,
    });
    const worker = new Worker(deps, book, tabs, relay, createHistoryLog(deps.db), teamsLocal, commands);
    self = worker;
    worker.syncCommands();
    teamsLocal.onChange((snap) =>
      void worker.onTeamsLocal(snap).catch((err: unknown) => {
        worker.lastError = err instanceof Error ? err.message : String(err);
        deps.log(`[teams-local] ${worker.lastError}`);
      }),
    );
    if (settings.teamsLocalEnabled) await teamsLocal.start();
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
    this.deps.keepAlive(this.wantsKeepAlive());
    this.deps.onChange?.();
    await this.relay.queue(source, report);
  }

  /**
   * A live sensor's current reading: published when it changed or a heartbeat is due. A sensor
   * that lost sight of Teams says nothing (its report goes stale: we don't know), unless the
   * loss itself ends the call (`ended`: the Teams tab was closed).
   */
  async publishTeams(source: TeamsSource, report: TeamsReport | null, opts: { ended?: boolean } = {}): Promise<void> {
    const prev = this.book.report(source);
    if (!report) {
      if (opts.ended && prev?.call?.inCall) await this.publish(source, { observedAt: this.observedAt(source), call: null });
      return;
    }
    const stamped: TeamsReport = { ...report, observedAt: this.observedAt(source) };
    const changed = content(prev) !== content(stamped);
    if (changed || !prev || this.deps.now() - Date.parse(prev.observedAt) >= HEARTBEAT_DUE_MS) await this.publish(source, stamped);
  }

  async onTeamsLocal(snap: TeamsLocalSnapshot): Promise<void> {
    await this.publishTeams('teams-local', toTeamsReport(snap, new Date(this.deps.now()).toISOString()));
    this.deps.keepAlive(this.wantsKeepAlive());
    this.deps.onChange?.();
  }

  async onTeamsWebUpdate(tabId: number, snapshot: TeamsWebSnapshot): Promise<void> {
    await this.tabs.update(tabId, snapshot, this.deps.now());
    await this.publishTeams('teams-web', this.tabs.report(this.deps.now()));
    this.deps.onChange?.();
  }

  async onTabRemoved(tabId: number): Promise<void> {
    if (!(await this.tabs.prune(this.deps.now(), [tabId]))) return;
    await this.publishTeams('teams-web', this.tabs.report(this.deps.now()), { ended: true });
    this.deps.onChange?.();
  }

  /** Every 15–30 s (timer while awake, alarm otherwise): heartbeats, silent tabs, the badge. */
  async tick(): Promise<void> {
    const now = this.deps.now();
    if (await this.tabs.prune(now)) this.deps.onChange?.();
    await this.publishTeams('teams-local', toTeamsReport(this.teamsLocal.snapshot(), new Date(now).toISOString()));
    await this.publishTeams('teams-web', this.tabs.report(now));
    const status = this.book.view(now);
    await this.noteHistory(status, now);
    this.deps.showBadge(status);
    this.deps.keepAlive(this.wantsKeepAlive());
  }

  /** The timeline is a nicety: a failure to write it must not stop the status from flowing. */
  private async noteHistory(status: ResolvedStatus, nowMs: number): Promise<void> {
    await this.history.note(status, nowMs).catch((err: unknown) => this.deps.log(`[history] ${String(err)}`));
  }

  /** Keep the worker awake while the Teams socket is open, a call is on (timers need it) or commands may come. */
  wantsKeepAlive(): boolean {
    const s = this.teamsLocal.snapshot().state;
    return s === 'unpaired' || s === 'pairing' || s === 'paired' || this.tabs.winner()?.snapshot.state === 'in-call' || this.commands.active;
  }

  /** Listen for commands exactly while the relay link and its MQTT output are on. */
  syncCommands(): void {
    this.commands.setTarget(this.relay.commandTarget());
    this.deps.keepAlive(this.wantsKeepAlive());
  }

  /** After connecting: send what we know now (unexpired), so the relay is current at once. */
  async publishCurrent(): Promise<void> {
    const now = this.deps.now();
    for (const source of ['manual', 'teams-local', 'teams-web'] as const) {
      const report = this.book.report(source);
      if (report && now - Date.parse(report.observedAt) < FRESHNESS[source].expireMs) await this.relay.queue(source, report);
    }
  }
}
