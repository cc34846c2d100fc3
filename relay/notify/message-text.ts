import type { NotifyEvent } from '../../core';

export interface MessageText {
  title: string;
  body: string;
}

/** What a person reads in a push, an ntfy message or a card: the same words everywhere. */
export function messageText(event: NotifyEvent): MessageText {
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
