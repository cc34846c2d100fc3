import type { AnyReport, ShareLevel, SourceName } from '../../core';
import type { ExtensionDb } from '../platform/db';
import type { Slot } from '../platform/storage';
import type { SourceHealth } from '../shared/messages';
import { Outbox, type OutboxHealth } from './outbox';
import { createRelayClient, normaliseRelayUrl } from './relay-client';
import { RelayError } from './relay-errors';
import type { ShareInfo } from './relay-responses';

/** What connecting to a relay leaves behind (chrome.storage.local). */
export interface RelayConnection {
  relayUrl: string;
  userId: string;
  token: string;
  displayName: string;
  share: ShareInfo;
  connectedAt: string;
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

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

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

  private client() {
    if (!this.conn) throw new RelayError('http', 'Not connected to a relay.', 401);
    return createRelayClient(this.conn.relayUrl, { token: this.conn.token, fetch: this.deps.fetch });
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
    const queued = h.queued === 1 ? '1 report queued' : `${h.queued} reports queued`;
    switch (h.phase) {
      case 'revoked':
        return { state: 'revoked', queued: h.queued, detail: `The relay no longer accepts this browser's key (it was deleted or revoked). Connect again to keep sharing; ${queued} will be sent then.` };
      case 'waiting':
        return {
          state: h.offline ? 'offline' : 'error',
          queued: h.queued,
          detail: `${h.offline ? 'The relay cannot be reached' : 'The relay answered with an error'}: ${h.lastError ?? 'unknown'}. ${queued}; next try at ${h.nextRetryAt ? clock(h.nextRetryAt) : 'soon'}.${dropped}`,
        };
      case 'flushing':
        return { state: 'syncing', queued: h.queued, detail: dropped.trim() || null };
      default:
        return { state: h.queued > 0 ? 'syncing' : 'synced', queued: h.queued, detail: `${h.lastError ?? ''}${dropped}`.trim() || null };
    }
  }
}
