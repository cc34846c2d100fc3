import type { ReportBySource, ResolvedStatus, SourceName } from '../../core';
import type { SourceLine, SourceSettings } from '../shared/messages';

/**
 * The one interface every sensor of the service worker implements. The worker holds a list of
 * them (extension/background/source-list.ts builds it from the browser's parts): it starts
 * and stops them, shows their health rows in the popup, publishes their current report, keeps
 * itself awake while one asks, routes settings changes and alarms to them. A new source is a
 * folder under extension/sources/ exporting a factory, plus one line in that list.
 *
 * Lifecycle: the worker calls `configure(settings)` then `start()` once it has rebuilt its state,
 * `configure` again after every settings change, and `stop()` when it shuts the source down
 * (tests; a source must then stop its timers, sockets and alarms). `start` must not throw for
 * "nothing to do" (disabled, signed out): it just stays idle and says so in `health()`.
 */
export interface StatusSource<S extends SourceName = SourceName> {
  /** Stable id, also the prefix of its alarms (`<id>:<name>`); e.g. "teams-local", "graph-presence". */
  readonly id: string;
  /**
   * The relay source its reports are published as. Two sources may share one (Graph's calendar
   * and the ICS link both publish `calendar`): the earlier in the list that has a report wins.
   */
  readonly publishes: S;
  start(): Promise<void>;
  stop(): void;
  /** Its row in the popup's Sources list, in words (name, state, detail, last update). */
  health(): SourceLine;
  /** What to publish now; see SourceReading. Called after onChange fires and on every tick. */
  current(): SourceReading<S>;
  /** Register the worker's listener: call it whenever current() or health() changed. */
  onChange(listener: () => void): void;
  /** True while the worker must stay awake (open socket, call on); most sources wake by alarm. */
  wantsKeepAlive(): boolean;
  /** Settings changed (also called once before start). Apply what concerns this source. */
  configure?(settings: SourceSettings): Promise<void>;
  /** Words for a setting this source refuses (the options page shows them), or null. */
  checkSettings?(patch: Partial<SourceSettings>): string | null;
  /** One of its alarms fired (name without the `<id>:` prefix); see SourceContext.alarms. */
  onAlarm?(name: string): Promise<void>;
  /** The popup opened: refresh now if a fresh reading is cheap (e.g. poll Graph at once). */
  refresh?(): void;
  /** The resolved status changed (or a tick passed): for sources that also act on it (Graph's status-message write-back). */
  onStatus?(status: ResolvedStatus): void;
}

/**
 * A source's current reading. `report: null` publishes nothing (the previous report ages into
 * stale, which is the honest answer when a sensor lost sight); `clear: true` with no report
 * withdraws the source's report at the relay (signed out, turned off on purpose).
 * A report's observedAt is when it was observed; the worker re-stamps it strictly after the
 * previous one and re-publishes an unchanged report once half its freshness window passed.
 */
export interface SourceReading<S extends SourceName = SourceName> {
  report: ReportBySource[S] | null;
  clear?: boolean;
}

/** What the worker lends a source (alarms wake a stopped worker; timers die with it). */
export interface SourceContext {
  now(): number;
  log(line: string): void;
  alarms: {
    /** One-shot alarm `<id>:<name>` at whenMs (Chrome clamps to ≥ 30 s from now). */
    set(name: string, whenMs: number): void;
    clear(name: string): void;
  };
}
