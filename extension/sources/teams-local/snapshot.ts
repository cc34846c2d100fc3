import type { TeamsLocalState } from '../../shared/messages';
import { sameFlags } from './meeting-cache';
import type { MeetingPermissions, MeetingState } from './protocol';

/** Everything the rest of the extension needs to know about the Teams desktop source. */
export interface TeamsLocalSnapshot {
  state: TeamsLocalState;
  /** True only while unpaired and in a meeting: the "Pair with Teams" button is usable. */
  canPair: boolean;
  /** Words for the person (why off, what to do to pair); null when there is nothing to say. */
  detail: string | null;
  /** Merged meeting state; null out of a meeting or while Teams does not share it (unpaired). */
  meetingState: MeetingState | null;
  /** Merged permissions; null until Teams sent any on this connection. */
  permissions: MeetingPermissions | null;
}

export function sameSnapshot(a: TeamsLocalSnapshot, b: TeamsLocalSnapshot): boolean {
  return (
    a.state === b.state &&
    a.canPair === b.canPair &&
    a.detail === b.detail &&
    sameFlags(a.meetingState, b.meetingState) &&
    sameFlags(a.permissions, b.permissions)
  );
}

export const DETAIL = {
  off: 'Teams desktop does not answer on this computer: it is closed, or its third-party app API is off (Teams Settings → Privacy → Manage API).',
  stopped: 'Not connecting to Teams (turned off).',
  pairInMeeting: 'In a meeting: click "Pair with Teams", then Allow in Teams.',
  pairLater: 'Not paired. Join a Teams meeting, then click "Pair with Teams".',
  stale: 'Teams no longer accepts the saved pairing. Join a meeting, click "Pair with Teams", then Allow in Teams.',
  pairing: 'Click Allow in Teams to finish pairing.',
  pairTimeout: 'Pairing was not approved in Teams in time. Try again while in a meeting.',
} as const;

/** The words for a state; `note` (stale pairing, refused pairing) overrides the unpaired hint. */
export function detailFor(state: TeamsLocalState, canPair: boolean, note: string | null): string | null {
  if (state === 'unpaired') return note ?? (canPair ? DETAIL.pairInMeeting : DETAIL.pairLater);
  if (state === 'pairing') return DETAIL.pairing;
  if (state === 'off') return DETAIL.off;
  return null;
}

/** Holds the current snapshot and tells listeners only about real changes. */
export class SnapshotPublisher {
  private readonly listeners = new Set<(snapshot: TeamsLocalSnapshot) => void>();

  constructor(
    public current: TeamsLocalSnapshot,
    private readonly log: (message: string) => void,
  ) {}

  subscribe(listener: (snapshot: TeamsLocalSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(next: TeamsLocalSnapshot): void {
    const changed = !sameSnapshot(this.current, next);
    this.current = next;
    if (!changed) return;
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        this.log(`a Teams snapshot listener failed: ${String(err)}`);
      }
    }
  }
}
