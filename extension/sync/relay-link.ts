import { clockTime, type AnyReport, type ShareLevel, type SourceName } from '../../core';
import type { ExtensionDb } from '../platform/db';
import type { Slot } from '../platform/storage';
import type { SourceHealth } from '../shared/messages';
import { Outbox, type OutboxHealth } from './outbox';
import { notifyApi, type NotifyApi } from './notify-api';
import { createRelayClient, normaliseRelayUrl } from './relay-client';
import { RelayError } from './relay-errors';
import type { CommandTarget } from './command-stream';
import type { MqttOutputView, ShareInfo } from './relay-responses';

/** What connecting to a relay leaves behind (chrome.storage.local). */
export interface RelayConnection {
  relayUrl: string;
  userId: string;
  token: string;
  displayName: string;
  share: ShareInfo;
  connectedAt: string;
  /** The person's MQTT output as the relay last said (absent: never turned on here). */
  mqtt?: MqttOutputView | null;
  /** "Take the wheel" on the relay: the calendar does not drive the status before this time. */
  calendarPausedUntil?: string | null;
}

export interface RelayLinkDeps {
  connection: Slot<RelayConnection | null>;
  health: Slot<OutboxHealth | null>;
  db: ExtensionDb;
  fetch?: typeof fetch;
  /** Wake the outbox after `delayMs`. */
  schedule(delayMs: number): void;
  hasAccess(relayUrl: string): Promise<boolean>;
  onChange(): void;
  log?: (line: string) => void;
}

/** Words ending in exactly one full stop, whatever the message brought. */
function sentence(words: string): string {
  return `${words.trim().replace(/[.\s]+$/, '')}.`;
}

// The browser's locale, like every clock time the pages write (core's clockTime).
const clock = (iso: string) => clockTime(iso, Date.now());

/** The person's link to their relay: credentials, the outbox, and the share controls. */
export class RelayLink {
  readonly outbox: Outbox;
  private conn: RelayConnection | null = null;

  constructor(private readonly deps: RelayLinkDeps) {
    this.outbox = new Outbox({
      db: deps.db,
      send: (entry) => this.send(entry.source, entry.op === 'put' ? entry.report : null, entry.key),
      schedule: deps.schedule,
      onHealth: (h) => {
        void deps.health.set(h).catch(() => undefined);
        deps.onChange();
      },
      log: deps.log,
    });
  }

  async restore(): Promise<void> {
    this.conn = await this.deps.connection.get();
    await this.outbox.restore(await this.deps.health.get());
  }

  connection(): RelayConnection | null {
    return this.conn;
  }

  /** The person's notification settings at their relay (channels, rules, watches). */
  notifications(): NotifyApi {
    return notifyApi(this.client());
  }

  private client() {
    if (!this.conn) throw new RelayError('http', 'Not connected to a relay.', 401);
    return createRelayClient(this.conn.relayUrl, { token: this.conn.token, fetch: this.answered });
  }

  /** Any answer of the relay says it is back: a queue waiting for it need not wait its timer. */
  private readonly answered = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await (this.deps.fetch ?? fetch)(input, init);
    if (res.ok) void this.outbox.retryNow();
    return res;
  };

  /** The browser is online again (or the relay answered elsewhere): send what waits now. */
  retryNow(): Promise<void> {
    return this.conn ? this.outbox.retryNow() : Promise.resolve();
  }

  private async send(source: SourceName, report: AnyReport | null, key: string): Promise<void> {
    const client = this.client();
    if (report) await client.putSource(source, report, key);
    else await client.deleteSource(source, key);
  }

  /**
   * Register with the relay. A queue left by a revoked link is kept and sent to the new one:
   * those reports are still this person's observations, older than anything queued next.
   */
  /** Register at the relay, or with `inviteCode` join the organisation's roster entry it names. */
  async connect(relayUrl: string, displayName: string, timeZone: string, inviteCode?: string): Promise<ShareInfo> {
    const url = normaliseRelayUrl(relayUrl);
    // A second registration would leave the first account orphaned at its relay.
    if (this.conn && this.outbox.getHealth().phase !== 'revoked') {
      throw new Error(`Already connected to ${this.conn.relayUrl}. Disconnect first to connect elsewhere.`);
    }
    if (!(await this.deps.hasAccess(url))) {
      throw new Error(`The extension may not contact ${new URL(url).origin} yet: allow it when the options page asks (press Connect there).`);
    }
    const client = createRelayClient(url, { fetch: this.deps.fetch });
    const info = await (inviteCode ? client.redeemInvite(inviteCode) : client.register({ displayName, timeZone }))
      .catch((err: unknown) => {
        if (inviteCode && err instanceof RelayError && err.status === 404) {
          throw new RelayError('http', 'That invite link was already used, has expired or was replaced by a newer one. Ask your administrator for a new link.', err.status, err.code);
        }
        if (err instanceof RelayError && (err.status === 401 || err.status === 403)) {
          throw new RelayError('http', `The relay at ${url} does not take new people on its own (registration is closed). Ask its administrator.`, err.status, err.code);
        }
        throw err;
      });
    this.conn = { relayUrl: url, userId: info.userId, token: info.token, displayName, share: info.share, connectedAt: new Date().toISOString() };
    await this.deps.connection.set(this.conn);
    await this.outbox.reset({ clear: false });
    return info.share;
  }

  /**
   * Delete the person's data at the relay and forget the link. The local side is always
   * forgotten; when the relay could not be reached the returned words say what was left there.
   */
  async disconnect(): Promise<string | null> {
    let warning: string | null = null;
    if (this.conn) {
      try {
        await this.client().deleteMe();
      } catch (err) {
        if (!(err instanceof RelayError && err.status === 401)) {
          warning = `Disconnected here, but your status at ${this.conn.relayUrl} could not be deleted: ${(err as Error).message}`;
        }
      }
    }
    this.conn = null;
    await this.deps.connection.clear();
    await this.outbox.reset({ clear: true });
    return warning;
  }

  /** Pause the relay's calendar for this person until `until` (null: hand it back), and remember it. */
  async pauseCalendar(until: string | null): Promise<string | null> {
    const { calendarPausedUntil } = await this.client().setAutomation({ calendarPausedUntil: until });
    if (this.conn) {
      this.conn = { ...this.conn, calendarPausedUntil };
      await this.deps.connection.set(this.conn);
    }
    return calendarPausedUntil;
  }

  async updateShare(change: { level?: ShareLevel; rotate?: boolean }): Promise<ShareInfo> {
    const share = await this.client().share(change);
    if (this.conn) {
      this.conn = { ...this.conn, share };
      await this.deps.connection.set(this.conn);
    }
    return share;
  }

  /** Turn the relay's MQTT output on or off for this person; remembered for the command stream. */
  async setMqtt(input: { enabled: boolean; name?: string }): Promise<MqttOutputView> {
    const mqtt = await this.client().setMqtt(input);
    if (this.conn) {
      this.conn = { ...this.conn, mqtt };
      await this.deps.connection.set(this.conn);
    }
    return mqtt;
  }

  /** The MQTT output as the relay says now (the remembered one when it cannot be asked). */
  async mqtt(): Promise<MqttOutputView | null> {
    if (!this.conn) return null;
    try {
      const mqtt = await this.client().getMqtt();
      if (this.conn) {
        this.conn = { ...this.conn, mqtt };
        await this.deps.connection.set(this.conn);
      }
      return mqtt;
    } catch {
      return this.conn.mqtt ?? null;
    }
  }

  /** Where to listen for commands: only while linked and the person turned MQTT on. */
  commandTarget(): CommandTarget | null {
    if (!this.conn?.mqtt?.enabled || this.outbox.getHealth().phase === 'revoked') return null;
    return { relayUrl: this.conn.relayUrl, token: this.conn.token };
  }

  /** Queue a report (null: forget the source) and start sending; nothing is queued unlinked. */
  async queue(source: SourceName, report: AnyReport | null): Promise<void> {
    if (!this.conn) return;
    await this.outbox.enqueue(source, report);
    void this.outbox.flush();
  }

  flush(): Promise<void> {
    return this.conn ? this.outbox.flush() : Promise.resolve();
  }

  health(): SourceHealth['relay'] {
    const h = this.outbox.getHealth();
    if (!this.conn) return { state: 'not-connected', queued: 0, detail: null };
    const dropped = h.dropped ? ` The relay refused a ${h.dropped.source} report at ${clock(h.dropped.at)}, so it was dropped: ${h.dropped.error}` : '';
    const queued = h.queued === 1 ? '1 report' : `${h.queued} reports`;
    switch (h.phase) {
      case 'revoked':
        return { state: 'revoked', queued: h.queued, detail: `The relay no longer accepts this browser's key (it was deleted or revoked). Connect again to keep sharing; ${queued} will be sent then.` };
      case 'waiting': {
        // The error is already a sentence ("The relay at … could not be reached (…). Check …").
        const why = h.offline ? sentence(h.lastError ?? 'The relay cannot be reached') : `The relay answered with an error: ${sentence(h.lastError ?? 'unknown')}`;
        const next = `Next try at ${h.nextRetryAt ? clock(h.nextRetryAt) : 'any moment'}, or as soon as the relay answers.`;
        return { state: h.offline ? 'offline' : 'error', queued: h.queued, detail: `${why} ${next}${dropped}` };
      }
      case 'flushing':
        return { state: 'syncing', queued: h.queued, detail: dropped.trim() || null };
      default:
        return { state: h.queued > 0 ? 'syncing' : 'synced', queued: h.queued, detail: `${h.lastError ?? ''}${dropped}`.trim() || null };
    }
  }
}
