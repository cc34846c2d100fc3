import type { NotifyEvent } from '../../../core';
import type { ChannelConfig } from '../../store/notify-store';
import { messageText } from '../message-text';
import { JSON_HEADERS, type Sender } from './sender';

const ACCENT: Record<string, string> = { Available: 'Good', Busy: 'Attention', DoNotDisturb: 'Attention', BeRightBack: 'Warning', Away: 'Warning' };

/** An Adaptive Card 1.5 (what Teams renders) for one event. */
export function statusCard(event: NotifyEvent, shareUrl: string): Record<string, unknown> {
  const text = messageText(event);
  const { status } = event;
  const facts = [
    { title: 'Status', value: status.label },
    { title: 'Since', value: `${status.since.slice(11, 16)} UTC` },
  ];
  if (status.message) facts.push({ title: 'Message', value: status.message });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: text.title, weight: 'Bolder', size: 'Medium', wrap: true, color: ACCENT[status.availability] ?? 'Default' },
      { type: 'FactSet', facts },
      { type: 'TextBlock', text: text.body, wrap: true, isSubtle: true },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open the status page', url: shareUrl }],
  };
}

/**
 * The message envelope a Workflows "when a Teams webhook request is received" trigger takes to
 * post a card; the event itself rides beside the attachments for flows that want its fields.
 */
export const sendWorkflow: Sender<Extract<ChannelConfig, { type: 'teams-workflow' }>> = async (config, event, ctx) => ({
  url: config.url,
  method: 'POST',
  headers: { ...JSON_HEADERS },
  body: JSON.stringify({
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: statusCard(event, ctx.shareUrl) }],
    event,
  }),
  expect: workflowAccepted,
});

/** Workflows accepts with 202 and no body; anything else means the flow did not take it. */
export const workflowAccepted = (status: number, body: Buffer): string | null =>
  status === 202 && body.length === 0 ? null : `Workflows answered ${status}${body.length ? ' with a body' : ''}, expected 202 with an empty body`;
