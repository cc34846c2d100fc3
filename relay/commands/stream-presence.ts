import type { StoreEvent } from '../store/store';
import { STREAMS_ANNOUNCE_MS } from './command-streams';

/** A replica that stopped announcing (killed) is forgotten after missing this many announcements. */
const FORGET_AFTER_MS = STREAMS_ANNOUNCE_MS * 3;

/**
 * Whether each person has a command stream open on any replica, learnt from command-streams
 * events. Calls `onChange(userId, online)` when that answer flips.
 */
export class StreamPresence {
  private readonly seen = new Map<string, Map<string, { open: number; at: number }>>();

  constructor(
    private readonly onChange: (userId: string, online: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {}

  online(userId: string): boolean {
    const cutoff = this.now() - FORGET_AFTER_MS;
    for (const entry of this.seen.get(userId)?.values() ?? []) if (entry.open > 0 && entry.at >= cutoff) return true;
    return false;
  }

  onEvent(event: StoreEvent): void {
    if (event.type !== 'command-streams') return;
    const before = this.online(event.userId);
    const replicas = this.seen.get(event.userId) ?? new Map<string, { open: number; at: number }>();
    if (event.open > 0) replicas.set(event.replica, { open: event.open, at: this.now() });
    else replicas.delete(event.replica);
    if (replicas.size) this.seen.set(event.userId, replicas);
    else this.seen.delete(event.userId);
    if (this.online(event.userId) !== before) this.onChange(event.userId, !before);
  }

  /** Forget replicas that went silent; called periodically. */
  sweep(): void {
    for (const userId of [...this.seen.keys()]) {
      const before = this.online(userId);
      const cutoff = this.now() - FORGET_AFTER_MS;
      const replicas = this.seen.get(userId)!;
      for (const [replica, entry] of replicas) if (entry.at < cutoff) replicas.delete(replica);
      if (replicas.size === 0) this.seen.delete(userId);
      if (before && !this.online(userId)) this.onChange(userId, false);
    }
  }
}
