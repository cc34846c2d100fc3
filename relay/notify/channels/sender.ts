import type { NotifyEvent } from '../../../core';
import type { ChannelConfig } from '../../store/notify-store';
import type { OutboundRequest } from '../ssrf/outbound';

/** What a sender needs besides the event: where people read the status, and the relay's VAPID keys. */
export interface SendContext {
  shareUrl: string;
  vapid: () => Promise<{ publicKey: string; privateKey: string; subject: string }>;
}

/** One channel type's outgoing request for an event. */
export interface PreparedRequest extends OutboundRequest {
  url: string;
  /** What a 2xx reply must look like for this receiver (e.g. Workflows answers 202 with no body). */
  expect?: (status: number, body: Buffer) => string | null;
}

export type Sender<C extends ChannelConfig = ChannelConfig> = (config: C, event: NotifyEvent, ctx: SendContext) => Promise<PreparedRequest>;

export const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'teams-status-relay' } as const;
