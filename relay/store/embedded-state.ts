import type { HistoryEntry, StatusRecord } from '../../core';
import { NotifyState, type NotifyOp, type NotifySnapshot } from './embedded-notify-state';
import type { QueuedChange } from './notify-store';
import type { UserRecord } from './store';

const DAY_MS = 86_400_000;

/**
 * One change as the journal records it. Entries carry resulting state, not commands, so replay
 * never re-runs the resolver (whose answer depends on the clock) and gives back exactly what
 * was acknowledged. `n` increases by one per entry; a snapshot remembers the last `n` it holds.
 */
export type JournalEntry =
  | { n: number; op: 'user'; user: UserRecord }
  | { n: number; op: 'status'; userId: string; record: StatusRecord; history: HistoryEntry | null; notify?: QueuedChange }
  | { n: number; op: 'notify'; ops: NotifyOp[] }
  | { n: number; op: 'delete'; userId: string }
  | { n: number; op: 'users'; users: UserRecord[] }
  | { n: number; op: 'mqtt'; userId: string; name: string | null }
  /** A document written (value) or removed (null). */
  | { n: number; op: 'doc'; kind: string; id: string; value: string | null };

/** What snapshot.json holds. */
export interface Snapshot {
  version: 1;
  lastN: number;
  users: UserRecord[];
  statuses: Record<string, StatusRecord>;
  histories: Record<string, HistoryEntry[]>;
  /** userId → MQTT output name; absent in snapshots written before outputs existed. */
  mqtt?: Record<string, string>;
  /** Absent in snapshots written before notifications. */
  notify?: NotifySnapshot;
  /** Kind → id → JSON (absent in snapshots written before documents existed). */
  documents?: Record<string, Record<string, string>>;
}

/** Everything the embedded store holds, in memory. */
export class EmbeddedState {
  readonly users = new Map<string, UserRecord>();
  readonly shares = new Map<string, string>();
  readonly statuses = new Map<string, StatusRecord>();
  readonly histories = new Map<string, HistoryEntry[]>();
  /** Lower-case email → userId of each roster entry. */
  readonly rosterEmails = new Map<string, string>();
  /** userId → MQTT output name, for people who turned it on. */
  readonly mqtt = new Map<string, string>();
  readonly notify = new NotifyState();
  /** Kind → id → JSON document. */
  readonly documents = new Map<string, Map<string, string>>();
  /** Users in registration order, rebuilt lazily after a create or delete. */
  private ordered: UserRecord[] | null = null;
  lastN = 0;

  constructor(private readonly historyDays: number) {}

  apply(entry: JournalEntry): void {
    this.lastN = Math.max(this.lastN, entry.n);
    switch (entry.op) {
      case 'user':
        return this.putUser(entry.user);
      case 'users': {
        for (const user of entry.users) this.putUser(user);
        return;
      }
      case 'status': {
        this.statuses.set(entry.userId, entry.record);
        if (entry.history) this.appendHistory(entry.userId, entry.history, Date.parse(entry.history.at));
        if (entry.notify) this.notify.enqueue(entry.notify);
        return;
      }
      case 'notify':
        return this.notify.apply(entry.ops);
      case 'doc': {
        let kind = this.documents.get(entry.kind);
        if (!kind) this.documents.set(entry.kind, (kind = new Map()));
        if (entry.value === null) kind.delete(entry.id);
        else kind.set(entry.id, entry.value);
        return;
      }
      case 'delete': {
        const user = this.users.get(entry.userId);
        if (user) this.shares.delete(user.shareId);
        if (user?.roster && user.email && this.rosterEmails.get(user.email) === user.userId) this.rosterEmails.delete(user.email);
        this.users.delete(entry.userId);
        this.statuses.delete(entry.userId);
        this.histories.delete(entry.userId);
        this.mqtt.delete(entry.userId);
        this.notify.forgetUser(entry.userId);
        this.ordered = null;
        return;
      }
      case 'mqtt': {
        if (entry.name === null) this.mqtt.delete(entry.userId);
        else this.mqtt.set(entry.userId, entry.name);
        return;
      }
    }
  }

  private putUser(user: UserRecord): void {
    const previous = this.users.get(user.userId);
    if (previous) this.shares.delete(previous.shareId);
    this.users.set(user.userId, user);
    this.shares.set(user.shareId, user.userId);
    if (user.roster && user.email) this.rosterEmails.set(user.email, user.userId);
    // Re-sorted lazily at the next page read: a batch of thousands costs one sort, not one each.
    this.ordered = null;
  }

  orderedUsers(): readonly UserRecord[] {
    if (!this.ordered) {
      this.ordered = [...this.users.values()].sort((a, b) =>
        a.createdAt === b.createdAt ? (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) : a.createdAt < b.createdAt ? -1 : 1,
      );
    }
    return this.ordered;
  }

  /** Drop every history entry older than the retention, for all users. */
  pruneAll(nowMs: number): void {
    for (const [userId, entries] of this.histories) {
      this.prune(entries, nowMs);
      if (entries.length === 0) this.histories.delete(userId);
    }
  }

  toSnapshot(): Snapshot {
    return {
      version: 1,
      lastN: this.lastN,
      users: [...this.users.values()],
      statuses: Object.fromEntries(this.statuses),
      histories: Object.fromEntries(this.histories),
      mqtt: Object.fromEntries(this.mqtt),
      notify: this.notify.toSnapshot(),
      documents: Object.fromEntries([...this.documents].map(([kind, docs]) => [kind, Object.fromEntries(docs)])),
    };
  }

  load(snapshot: Snapshot): void {
    this.lastN = snapshot.lastN;
    for (const user of snapshot.users) {
      this.users.set(user.userId, user);
      this.shares.set(user.shareId, user.userId);
      if (user.roster && user.email) this.rosterEmails.set(user.email, user.userId);
    }
    for (const [userId, record] of Object.entries(snapshot.statuses)) this.statuses.set(userId, record);
    for (const [userId, entries] of Object.entries(snapshot.histories)) this.histories.set(userId, entries);
    for (const [userId, name] of Object.entries(snapshot.mqtt ?? {})) this.mqtt.set(userId, name);
    if (snapshot.notify) this.notify.load(snapshot.notify);
    for (const [kind, docs] of Object.entries(snapshot.documents ?? {})) this.documents.set(kind, new Map(Object.entries(docs)));
    this.ordered = null;
  }

  private appendHistory(userId: string, entry: HistoryEntry, nowMs: number): void {
    let entries = this.histories.get(userId);
    if (!entries) this.histories.set(userId, (entries = []));
    entries.push(entry);
    this.prune(entries, nowMs);
  }

  private prune(entries: HistoryEntry[], nowMs: number): void {
    const cutoff = nowMs - this.historyDays * DAY_MS;
    let drop = 0;
    while (drop < entries.length && Date.parse(entries[drop]!.at) < cutoff) drop++;
    if (drop > 0) entries.splice(0, drop);
  }
}
