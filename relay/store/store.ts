import type { ApplyResult, HistoryEntry, PublicUser, ShareLevel, SourceName, StatusRecord } from '../../core';
import type { AnyReport, CommandAction } from '../../core';
import type { NotifyStore } from './notify-store';

/** A registered person as the store keeps them. Only a hash of their token is kept. */
export interface UserRecord {
  userId: string;
  displayName: string;
  email: string | null;
  avatarUrl: string | null;
  /** IANA zone for label times; null means UTC. */
  timeZone: string | null;
  /** hex SHA-256 of the token's secret part. */
  tokenHash: string;
  shareId: string;
  shareLevel: ShareLevel;
  createdAt: string;
  /** Set on the organisation's roster entries (PUT /api/v1/org/people); absent for self-registered people. */
  roster?: RosterFields;
}

/** What a roster entry adds. Its email is the user's (lower case); an empty tokenHash means not linked yet. */
export interface RosterFields {
  entraId: string | null;
  department: string | null;
  /** The open invite, if any: only the code's hash is kept. */
  invite: { codeHash: string; expiresAt: string } | null;
}

/** One user write of a batch: `next` replaces `previous` only if the store still holds exactly `previous`. */
export interface UserWrite {
  previous: UserRecord | null;
  next: UserRecord;
}

/**
 * Told to every replica (Redis pub/sub; in-process for the embedded store) after a change is
 * stored. A status event carries everything a replica needs to render every share's view
 * without another store read, so fan-out to thousands of SSE clients costs one computation.
 */
export type StoreEvent =
  | {
      type: 'status';
      userId: string;
      shareId: string;
      level: ShareLevel;
      user: PublicUser;
      timeZone: string | null;
      email: string | null;
      /** The roster entry's department (null for self-registered people), for the organisation's stream. */
      department?: string | null;
      record: StatusRecord;
    }
  | { type: 'share-revoked'; userId: string; shareId: string }
  | { type: 'user-deleted'; userId: string; shareId: string }
  /** A person's MQTT output was turned on (name) or off (null). */
  | { type: 'mqtt-output'; userId: string; name: string | null }
  | TransientEvent;

/**
 * Events that change nothing stored, only told to every replica (store.broadcast): a dashboard's
 * command for a person's extension, the extension's answer, how many command streams a
 * replica holds for a person (so the output knows whether anyone could take a command), and
 * who a roster import just added (so open boards list them without reconnecting).
 */
export type TransientEvent =
  | { type: 'people-joined'; userIds: string[] }
  | { type: 'command'; userId: string; id: string; action: CommandAction }
  | { type: 'command-result'; userId: string; id: string; ok: boolean; error?: string }
  | { type: 'command-streams'; userId: string; replica: string; open: number };

/** A person's MQTT output as the store keeps it (only while it is on). */
export interface MqttOutputRecord {
  userId: string;
  name: string;
}

export interface RateLimitResult {
  allowed: boolean;
  /** When not allowed: how long until the window resets. */
  retryAfterMs: number;
}

/** Thrown by every store method when the backing store cannot answer (→ 503, never a false 200). */
export class StoreUnavailableError extends Error {
  constructor(message = 'the store is unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The store answered, but other writers kept changing the record until the write gave up: a 503 (try again), not an outage. */
export class StoreContentionError extends StoreUnavailableError {
  override name = 'StoreContentionError';
}

/** A mutation named a person the store does not hold (never registered, or deleted meanwhile). */
export class UnknownUserError extends Error {
  constructor(userId: string) {
    super(`no user ${userId}`);
    this.name = 'UnknownUserError';
  }
}

/**
 * A job's hold on its lease (`acquireLease`'s fencing token): a write carrying it happens only
 * while that same grant still holds the lease, so a holder that paused past its lease (and lost
 * it to another replica) cannot overwrite the newer holder's work.
 */
export interface Fence {
  lease: string;
  token: number;
}

/** A fenced write found its lease expired or held by a newer grant: the writer must stop. */
export class LeaseLostError extends Error {
  constructor(lease: string) {
    super(`the lease ${lease} is no longer held by this run`);
    this.name = 'LeaseLostError';
  }
}

/** createUser/updateShare met an existing user id or share id. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}

/** At most `limit` places in any `windowMs` (Store.slidingLimit). */
export interface SlidingWindow {
  limit: number;
  windowMs: number;
}

/** One rate limit to count: `limit` hits per `windowMs` on `key`. */
export interface LimitCheck {
  key: string;
  limit: number;
  windowMs: number;
}

/** The first round trip of an authenticated request (Store.authorise). */
export interface AuthRequest {
  userId: string;
  /** hex SHA-256 of the secret the caller presented. */
  tokenHash: string;
  /** Counted whatever the token (the caller's address). */
  limits: readonly LimitCheck[];
  /** The person's own limit: counted only when tokenHash is theirs, so a wrong token spends nobody's budget. */
  personLimit: { limit: number; windowMs: number };
}

/** A person's user and status as read, with the version a compare-and-set write starts from. */
export interface StatusPrior {
  user: UserRecord;
  record: StatusRecord | null;
  version: string;
}

export interface Authorised {
  /** The user named by the token (whether or not the secret matched: the caller checks it). */
  user: UserRecord | null;
  limits: RateLimitResult[];
  /** null when the token is not theirs (nothing was counted). */
  personLimit: RateLimitResult | null;
  /** Read in the same step; applyReport/forgetSource may start from it instead of reading again. */
  prior: StatusPrior | null;
}

/** What the documents part of the store holds: meeting roulette's records, each kind by id. */
export const DOCUMENT_KINDS = ['roulette-settings', 'roulette-choices', 'roulette-round', 'roulette-code'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface StoredDocument {
  id: string;
  /** JSON, as the owner wrote it (the owner validates on reading). */
  value: string;
}

export interface ShareChange {
  level?: ShareLevel;
  /** When set, the share moves to this new id and the old id stops resolving at once. */
  newShareId?: string;
}

/**
 * Everything the relay keeps. Two implementations (redis-store, embedded-store) pass one
 * contract suite (tests/relay/store-contract.test.ts). Every mutation is atomic.
 */
export interface Store {
  /** Where it is, in words for log lines: "Redis at host:port", a cluster's seeds, "the embedded store" (storePlace). */
  readonly place: string;
  /** Channels, rules, watches and the delivery queue (relay/notify/), fed by status writes. */
  readonly notify: NotifyStore;
  /** Rejects with StoreConflictError when the user id or share id already exists. */
  createUser(user: UserRecord): Promise<void>;
  getUser(userId: string): Promise<UserRecord | null>;
  getUserByShareId(shareId: string): Promise<UserRecord | null>;
  /** Users in registration order (createdAt, then userId); for the org API's pages. */
  listUsers(offset: number, limit: number): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  /** Status records for many users at once, in the order asked (null: no report yet). */
  getStatusRecords(userIds: readonly string[]): Promise<(StatusRecord | null)[]>;
  /**
   * Apply a report atomically; appends history and publishes a status event when applied.
   * Rejects with UnknownUserError when the user does not exist, and with LeaseLostError when a
   * `fence` is given and its grant no longer holds the lease (nothing is written then).
   */
  applyReport(userId: string, source: SourceName, report: AnyReport, nowMs: number, fence?: Fence, prior?: StatusPrior): Promise<ApplyResult>;
  forgetSource(userId: string, source: SourceName, nowMs: number, prior?: StatusPrior): Promise<ApplyResult>;
  /**
   * Everything an authenticated request needs before it acts, in one round trip: the limits
   * counted, the person read (user, status, version). Same results as rateLimit and getUser.
   */
  authorise(request: AuthRequest): Promise<Authorised>;
  /**
   * Write down the edges the person's record crossed by `nowMs` without a report (core's
   * crossEdges: an expiry, a source going stale), atomically like applyReport: history, the
   * status event and the notification queue follow. Not applied when there was none, so when
   * several replicas write the same edge, one changes the record and the others nothing.
   */
  crossEdges(userId: string, nowMs: number): Promise<ApplyResult>;
  /** The person's controls over the calendar (core's setAutomation), atomically like applyReport. */
  changeAutomation(userId: string, change: { calendarPausedUntil?: string | null }, nowMs: number): Promise<ApplyResult>;
  getStatusRecord(userId: string): Promise<StatusRecord | null>;
  /**
   * Changes level and/or rotates the id atomically; publishes share-revoked for an old id, and
   * a status event (when the user has a record) so open views re-render at the new level.
   * Rejects with UnknownUserError, or StoreConflictError when newShareId is taken.
   */
  updateShare(userId: string, change: ShareChange): Promise<UserRecord>;
  /** Every roster entry (users with `roster`), ordered by email; read in bulk. */
  listRoster(): Promise<UserRecord[]>;
  /** The roster entry with this email (lower case), or null. Self-registered people are never found here. */
  getRosterEntry(email: string): Promise<UserRecord | null>;
  /**
   * Create or replace many users in few round trips (the roster import). Each write is a
   * compare-and-set: it happens only if the store still holds exactly `previous` (null: the
   * user id, share id and roster email are all free). Resolves to the indexes of the writes
   * that did not happen because something changed meanwhile; the caller reads again and retries.
   */
  writeUsers(writes: readonly UserWrite[]): Promise<number[]>;
  /** Removes user, token, share, status and history; publishes user-deleted. False if absent. */
  deleteUser(userId: string): Promise<boolean>;
  /** History entries with from ≤ at ≤ to, oldest first (retention: HISTORY_DAYS). */
  history(userId: string, fromMs: number, toMs: number): Promise<HistoryEntry[]>;
  /** Count one hit against `key`; shared by every replica over one Redis. */
  rateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /**
   * Take a place under every sliding window at once (at most `limit` in any `windowMs`, on the
   * store's clock), or none: when one is full, nothing is counted and `retryAfterMs` says when
   * a place frees. For limits another service enforces exactly (a fixed window lets twice its
   * limit through around its edge); shared by every replica over one Redis.
   */
  slidingLimit(key: string, windows: readonly SlidingWindow[]): Promise<RateLimitResult>;
  /**
   * A lease for work only one replica may do at a time (scheduled jobs): taken when free or
   * expired, extended when `holder` already has it. Resolves to the grant's fencing token when
   * `holder` now holds it for `ttlMs` (a new grant gets a larger token than every earlier one;
   * an extension keeps its token), or null when somebody else holds it.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<number | null>;
  /** Who holds the lease now (null: nobody, or it expired). */
  readLease(name: string): Promise<{ holder: string; token: number } | null>;
  /** Give the lease up if `holder` has it (otherwise nothing happens). */
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * Turn a person's MQTT output on under `name` (unique among people; StoreConflictError when
   * someone else has it) or off (null); publishes an mqtt-output event. Rejects with
   * UnknownUserError. deleteUser removes it too.
   */
  setMqttOutput(userId: string, name: string | null): Promise<void>;
  getMqttOutput(userId: string): Promise<MqttOutputRecord | null>;
  /** Everyone whose MQTT output is on (the output publishes for all of them at start). */
  listMqttOutputs(): Promise<MqttOutputRecord[]>;
  /** Tell every replica, this one included, about something that is not stored. */
  broadcast(event: TransientEvent): Promise<void>;
  /** A job's shared state (its last run, its errors), as the job wrote it; null before the first run. */
  getJobState(name: string): Promise<string | null>;
  /** Replace a job's state, fenced like applyReport (LeaseLostError when the grant is gone). */
  setJobState(name: string, value: string, fence: Fence): Promise<void>;
  getDocument(kind: DocumentKind, id: string): Promise<string | null>;
  /** Every document of a kind, ordered by id. */
  listDocuments(kind: DocumentKind): Promise<StoredDocument[]>;
  /** Create or replace one document. */
  putDocument(kind: DocumentKind, id: string, value: string): Promise<void>;
  /** Read and remove in one atomic step: of many callers (on any replica) exactly one gets it. */
  takeDocument(kind: DocumentKind, id: string): Promise<string | null>;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /**
   * Called when this replica's event feed was interrupted (the Redis subscriber reconnected), so
   * events may have been missed: whoever shows store state must read it again. The embedded
   * store's feed is in-process and never interrupted.
   */
  onResync(listener: () => void): () => void;
  /** Resolves when the store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
