import type { ChannelType } from '../../../core';
import type { ChannelConfig } from '../../store/notify-store';

/**
 * What one event says, in every form a channel may want. Built per event type: status changes
 * here (status-message.ts), other modules' events by what the composition root passes in.
 */
export interface Message {
  /** The event's id: the idempotency key (a webhook's `webhook-id`, the same on every retry). */
  id: string;
  title: string;
  body: string;
  /** Where a click goes (the status page, the reschedule page). */
  url: string;
  /** An Adaptive Card 1.5, what Teams renders. */
  card: Record<string, unknown>;
  /** The event as data: a webhook's body, and beside cards and inside pushes. */
  event: unknown;
  /** Someone is waiting for it (a watch, a suggestion): ntfy priority 4, a high-urgency push. */
  urgent: boolean;
  /** ntfy tags: an emoji name and the event type. */
  tags: string[];
  /** A button where the channel has them (ntfy). */
  action?: { label: string; url: string };
}

/** What one attempt came to, as the channel's receiver answered it. */
export type Attempt =
  | { outcome: 'delivered' }
  | {
      outcome: 'failed';
      error: string;
      retry: boolean;
      retryAfterMs: number | null;
      /** The channel will never work again (a withdrawn subscription, a blocked bot): turned off with this reason for its owner. */
      disable?: string;
    }
  /** Not sent, and not a failure: a limit the receiver keeps is full until `afterMs` from now. */
  | { outcome: 'postponed'; afterMs: number };

/** One channel type: where it goes (for its owner's eyes) and how it sends a message. */
export interface ChannelDriver<C extends ChannelConfig = ChannelConfig> {
  target(config: C): string;
  send(config: C, message: Message): Promise<Attempt>;
}

/** A driver for every channel type (the compiler checks none is missing). */
export type ChannelDrivers = { [T in ChannelType]: ChannelDriver<Extract<ChannelConfig, { type: T }>> };

export const driverOf = (drivers: ChannelDrivers, config: ChannelConfig): ChannelDriver => drivers[config.type] as ChannelDriver;
