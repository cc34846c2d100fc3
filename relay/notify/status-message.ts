import type { NotifyEvent } from '../../core';
import type { Message } from './channels/driver';

/** What a person reads in a push, an ntfy message or a card: the same words everywhere. */
export function messageText(event: NotifyEvent): { title: string; body: string } {
  const name = event.person.displayName;
  const { status } = event;
  const title =
    event.type === 'test'
      ? `Test from Teams Status: ${name} is ${status.label}`
      : event.type === 'watch.fired'
        ? status.availability === 'Available'
          ? `${name} is free now`
          : `${name} is out of the call`
        : `${name}: ${status.label}`;
  const parts = [event.type === 'test' ? 'This channel works.' : `Now ${status.label.toLowerCase()}.`];
  if (status.message) parts.push(status.message);
  if (event.type === 'watch.fired') parts.push('You asked to be told once; this watch is now over.');
  return { title, body: parts.join(' ') };
}

const ACCENT: Record<string, string> = { Available: 'Good', Busy: 'Attention', DoNotDisturb: 'Attention', BeRightBack: 'Warning', Away: 'Warning' };

/** An Adaptive Card 1.5 (what Teams renders, through Workflows or the bot) for one event. */
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

/** A status change, a fired watch or a test, in every channel's form. */
export function statusMessage(event: NotifyEvent, shareUrl: string): Message {
  const text = messageText(event);
  const inCall = event.status.activity === 'InACall' || event.status.call?.inCall === true;
  return {
    id: event.id,
    ...text,
    url: shareUrl,
    card: statusCard(event, shareUrl),
    event,
    urgent: event.type === 'watch.fired',
    tags: [event.status.availability === 'Available' ? 'green_circle' : inCall ? 'telephone_receiver' : 'red_circle', event.type],
  };
}
