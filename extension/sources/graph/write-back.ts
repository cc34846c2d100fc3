import { clockTime, type ResolvedStatus } from '../../../core';
import type { Slot } from '../../platform/storage';
import type { MicrosoftAccount } from './account';
import { graphClient } from './graph-client';

/** "14:00" (or "Tue 14:00") in the browser's own time zone, as the popup writes times. */
const clock = (iso: string, nowMs: number) => clockTime(iso, nowMs, { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });

/** A message we set disappears on its own this long after the call was expected to end (we may crash). */
const EXPIRY_GRACE_MS = 15 * 60_000;
const EXPIRY_NO_END_MS = 2 * 60 * 60_000;

/**
 * The status message for a call: with the calendar's end when it knows one. `nowMs` is the
 * write-back's own clock, so the day is written exactly when the end is not today.
 */
export function callMessage(status: Pick<ResolvedStatus, 'calendar'>, nowMs: number): string {
  const until = status.calendar?.busyUntil;
  return until ? `In a call — back at ${clock(until, nowMs)}` : 'In a call';
}

/**
 * Optional write-back (off by default; needs Presence.ReadWrite): during a call a Teams source
 * sees, set the Teams status message with setStatusMessage, and clear it afterwards only if it
 * is still the one we set (the person may have written their own meanwhile). The text we set is
 * kept in storage, so a worker restarted mid-call still clears it.
 */
export class StatusWriteBack {
  enabled = false;
  problem: string | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly account: MicrosoftAccount,
    private readonly ours: Slot<string | null>,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Called with every resolved status; the work is queued so calls never overlap. */
  onStatus(status: ResolvedStatus): Promise<void> {
    this.chain = this.chain.then(() => this.apply(status)).catch((err: unknown) => {
      this.problem = `Could not update your Teams status message: ${err instanceof Error ? err.message : String(err)}`;
      this.log(this.problem);
    });
    return this.chain;
  }

  private async apply(status: ResolvedStatus): Promise<void> {
    if (!this.account.view().signedIn) return;
    const ours = await this.ours.get();
    const inCall = this.enabled && status.call?.inCall === true;
    const client = graphClient(this.account);
    if (inCall) {
      const content = callMessage(status, this.now());
      if (content === ours) return;
      const end = status.calendar?.busyUntil ? Date.parse(status.calendar.busyUntil) + EXPIRY_GRACE_MS : this.now() + EXPIRY_NO_END_MS;
      await client.api('/me/presence/setStatusMessage').post({ statusMessage: { message: { content, contentType: 'text' }, expiryDateTime: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: 'UTC' } } });
      await this.ours.set(content);
      this.problem = null;
      return;
    }
    if (ours === null) return;
    const presence = (await client.api('/me/presence').get()) as { statusMessage?: { message?: { content?: string } | null } | null };
    if (presence.statusMessage?.message?.content === ours) await client.api('/me/presence/setStatusMessage').post({ statusMessage: { message: { content: '', contentType: 'text' } } });
    await this.ours.set(null);
    this.problem = null;
  }
}
