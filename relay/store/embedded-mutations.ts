import { emptyRecord, type ApplyResult, type StatusRecord } from '../../core';
import type { EmbeddedState, JournalEntry } from './embedded-state';
import { queuedChangeOf } from './notify-change';
import { shareRevokedEvent, statusEvent, userDeletedEvent } from './store-events';
import { StoreConflictError, UnknownUserError, type ShareChange, type StoreEvent, type UserRecord, type UserWrite } from './store';

/**
 * What a mutation decided, computed from the state without changing it: the answer, the
 * journal entry that makes it happen (none when nothing changes), the events to publish.
 */
export interface Mutation<T> {
  value: T;
  entry?: JournalEntry;
  events?: StoreEvent[];
}

/** Recomputes a status record (core's applyReport or forgetSource, bound to its arguments). */
export type StatusChange = (record: StatusRecord, timeZone: string | undefined) => ApplyResult;

function requireUser(state: EmbeddedState, userId: string): UserRecord {
  const user = state.users.get(userId);
  if (!user) throw new UnknownUserError(userId);
  return user;
}

export function createUser(state: EmbeddedState, user: UserRecord): Mutation<void> {
  if (state.users.has(user.userId)) throw new StoreConflictError(`user ${user.userId} already exists`);
  if (state.shares.has(user.shareId)) throw new StoreConflictError('that share id is taken');
  return { value: undefined, entry: { n: state.lastN + 1, op: 'user', user: { ...user } } };
}

export function changeStatus(state: EmbeddedState, userId: string, nowMs: number, change: StatusChange): Mutation<ApplyResult> {
  const user = requireUser(state, userId);
  const previous = state.statuses.get(userId) ?? null;
  const result = change(previous ?? emptyRecord(nowMs), user.timeZone ?? undefined);
  // Callers get their own copy: the stored record must not be changed from outside.
  if (!result.applied) return { value: structuredClone(result) };
  // The notification queue entry rides in the status entry itself: one journal line, one step.
  const notify = queuedChangeOf(userId, previous, result) ?? undefined;
  return {
    value: structuredClone(result),
    entry: { n: state.lastN + 1, op: 'status', userId, record: result.record, history: result.history, ...(notify ? { notify } : {}) },
    events: [statusEvent(user, result.record)],
  };
}

export function updateShare(state: EmbeddedState, userId: string, change: ShareChange): Mutation<UserRecord> {
  const user = requireUser(state, userId);
  const rotate = change.newShareId !== undefined && change.newShareId !== user.shareId;
  if (rotate && state.shares.has(change.newShareId!)) throw new StoreConflictError('that share id is taken');
  const next: UserRecord = { ...user, shareLevel: change.level ?? user.shareLevel, shareId: rotate ? change.newShareId! : user.shareId };
  if (!rotate && next.shareLevel === user.shareLevel) return { value: { ...user } };
  const events: StoreEvent[] = rotate ? [shareRevokedEvent(userId, user.shareId)] : [];
  const record = state.statuses.get(userId);
  if (record && next.shareLevel !== user.shareLevel) events.push(statusEvent(next, record));
  return { value: { ...next }, entry: { n: state.lastN + 1, op: 'user', user: next }, events };
}

export function deleteUser(state: EmbeddedState, userId: string): Mutation<boolean> {
  const user = state.users.get(userId);
  if (!user) return { value: false };
  return { value: true, entry: { n: state.lastN + 1, op: 'delete', userId }, events: [userDeletedEvent(user)] };
}

/** The roster import's batch: every compare-and-set write that still holds goes into one journal entry. */
export function writeUsers(state: EmbeddedState, writes: readonly UserWrite[]): Mutation<number[]> {
  const failed: number[] = [];
  const users: UserRecord[] = [];
  const taken = new Set<string>();
  writes.forEach(({ previous, next }, i) => {
    const current = state.users.get(next.userId);
    let ok = previous ? current !== undefined && JSON.stringify(current) === JSON.stringify(previous) : current === undefined;
    if (ok && !previous) {
      const email = next.roster && next.email ? next.email : null;
      ok = !state.shares.has(next.shareId) && !taken.has(next.shareId) && !(email && (state.rosterEmails.has(email) || taken.has(`@${email}`)));
      taken.add(next.shareId);
      if (email) taken.add(`@${email}`);
    }
    if (ok) users.push({ ...next });
    else failed.push(i);
  });
  if (users.length === 0) return { value: failed };
  return { value: failed, entry: { n: state.lastN + 1, op: 'users', users } };
}

export function setMqttOutput(state: EmbeddedState, userId: string, name: string | null): Mutation<void> {
  requireUser(state, userId);
  if (name !== null) {
    for (const [other, taken] of state.mqtt) if (taken === name && other !== userId) throw new StoreConflictError(`the name "${name}" is taken`);
  }
  if ((state.mqtt.get(userId) ?? null) === name) return { value: undefined };
  return { value: undefined, entry: { n: state.lastN + 1, op: 'mqtt', userId, name }, events: [{ type: 'mqtt-output', userId, name }] };
}

/** Write a document (meeting roulette's records). */
export function putDocument(state: EmbeddedState, kind: string, id: string, value: string): Mutation<void> {
  return { value: undefined, entry: { n: state.lastN + 1, op: 'doc', kind, id, value } };
}

/** Read and remove a document in the same synchronous step: exactly one caller gets it. */
export function takeDocument(state: EmbeddedState, kind: string, id: string): Mutation<string | null> {
  const value = state.documents.get(kind)?.get(id) ?? null;
  return value === null ? { value } : { value, entry: { n: state.lastN + 1, op: 'doc', kind, id, value: null } };
}
