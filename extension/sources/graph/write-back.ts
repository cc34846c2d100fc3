import type { ResolvedStatus } from '../../../core';
import type { Slot } from '../../platform/storage';
import type { SourceContext } from '../source';
import type { MicrosoftAccount } from './account';
import { graphClient } from './graph-client';

/** A message we set disappears on its own this long after the call was expected to end (we may crash). */
const EXPIRY_GRACE_MS = 15 * 60_000;
const EXPIRY_NO_END_MS = 2 * 60 * 60_000;

/**
 * The status message for a call: with the calendar's end when it knows one, written by the
 * worker's clock (as the popup writes times: its zone and locale, the day when not today).
 */
export function callMessage(status: Pick<ResolvedStatus, 'calendar'>, clock: SourceContext['clock']): string {
  const until = status.calendar?.busyUntil;
  return until ? `In a call — back at ${clock(until)}` : 'In a call';
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
    /** The presence source's context: its clock and its log. */
    private readonly context: Pick<SourceContext, 'now' | 'log' | 'clock'>,
  ) {}

  /** Called with every resolved status; the work is queued so calls never overlap. */
  onStatus(status: ResolvedStatus): Promise<void> {
    this.chain = this.chain.then(() => this.apply(status)).catch((err: unknown) => {
      this.problem = `Could not update your Teams status message: ${err instanceof Error ? err.message : String(err)}`;
      this.context.log(this.problem);
    });
    return this.chain;
  }

  private async apply(status: ResolvedStatus): Promise<void> {
    if (!this.account.view().signedIn) return;
    const ours = await this.ours.get();
    const inCall = this.enabled && status.call?.inCall === true;
    const client = graphClient(this.account);
    if (inCall) {
      const content = callMessage(status, this.context.clock);
      if (content === ours) return;
      const end = status.calendar?.busyUntil ? Date.parse(status.calendar.busyUntil) + EXPIRY_GRACE_MS : this.context.now() + EXPIRY_NO_END_MS;
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
