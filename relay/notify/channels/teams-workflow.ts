import type { ChannelConfig } from '../../store/notify-store';
import type { OutboundPolicy } from '../ssrf/outbound';
import type { ChannelDriver } from './driver';
import { guardedDriver } from './guarded-driver';
import { JSON_HEADERS } from './sender';

type WorkflowConfig = Extract<ChannelConfig, { type: 'teams-workflow' }>;

/** A Teams message with one Adaptive Card, as Workflows and the Bot Connector take it. */
export const cardAttachment = (card: Record<string, unknown>) => ({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card });

/**
 * The message envelope a Workflows "when a Teams webhook request is received" trigger takes to
 * post a card; the event itself rides beside the attachments for flows that want its fields.
 */
export const workflowDriver = (policy: OutboundPolicy, now: () => number): ChannelDriver<WorkflowConfig> =>
  guardedDriver(policy, now, {
    target: (c) => c.url,
    prepare: async (config, message) => ({
      url: config.url,
      method: 'POST',
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({ type: 'message', attachments: [cardAttachment(message.card)], event: message.event }),
      expect: workflowAccepted,
    }),
  });

/** Workflows accepts with 202 and no body; anything else means the flow did not take it. */
export const workflowAccepted = (status: number, body: Buffer): string | null =>
  status === 202 && body.length === 0 ? null : `Workflows answered ${status}${body.length ? ' with a body' : ''}, expected 202 with an empty body`;
