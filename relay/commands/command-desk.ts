import { randomUUID } from 'node:crypto';
import { COMMAND_EXPIRY_MS, type CommandAction } from '../../core';
import type { Store, StoreEvent } from '../store/store';

export interface CommandOutcome {
  id: string;
  action: CommandAction;
  ok: boolean;
  /** Why it failed, in words; `expired` outcomes say nobody took it. */
  error?: string;
  expired: boolean;
}

interface Pending {
  userId: string;
  action: CommandAction;
  timer: NodeJS.Timeout;
  done: (outcome: CommandOutcome) => void;
}

/**
 * Issues commands to people's extensions across replicas and waits for their answers: a command
 * event goes to every replica (the one holding the person's stream writes it out), the answer
 * comes back as a command-result event from whichever replica the extension posted to. A
 * command nobody answers within COMMAND_EXPIRY_MS ends as an expired outcome, never silently.
 */
export class CommandDesk {
  private readonly pending = new Map<string, Pending>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly expiryMs = COMMAND_EXPIRY_MS,
  ) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
  }

  issue(userId: string, action: CommandAction): Promise<CommandOutcome> {
    const id = randomUUID();
    return new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => this.finish(id, { ok: false, expired: true, error: `no extension took the command within ${Math.round(this.expiryMs / 1000)} s` }), this.expiryMs);
      timer.unref();
      this.pending.set(id, { userId, action, timer, done: resolve });
      this.store.broadcast({ type: 'command', userId, id, action }).catch((err: unknown) => this.finish(id, { ok: false, expired: false, error: `the relay could not pass the command on: ${String(err)}` }));
    });
  }

  /** Shutdown: every command still waiting ends as not carried out. */
  stop(): void {
    this.unsubscribe();
    for (const id of [...this.pending.keys()]) this.finish(id, { ok: false, expired: false, error: 'the relay is shutting down' });
  }

  private onEvent(event: StoreEvent): void {
    if (event.type !== 'command-result') return;
    const pending = this.pending.get(event.id);
    // Only the person the command was for may answer it.
    if (!pending || pending.userId !== event.userId) return;
    this.finish(event.id, { ok: event.ok, expired: false, ...(event.error ? { error: event.error } : {}) });
  }

  private finish(id: string, outcome: Omit<CommandOutcome, 'id' | 'action'>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.done({ id, action: pending.action, ...outcome });
  }
}
