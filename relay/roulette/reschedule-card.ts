import { cardAttachment } from '../notify/channels/teams-workflow';
import type { RouletteSlot } from '../../core';

/** A slot's start as people read it, in the organisation's zone. */
export const slotTime = (iso: string, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));

/**
 * "Suggest another time" as an Adaptive Card 1.5 (what Teams renders): who asked, the offered
 * times, and one button to the one-time page where the partner picks. The card carries no
 * choice itself: the page is the only place that moves the event, once.
 */
export function rescheduleCard(by: string, slots: readonly RouletteSlot[], url: string, zone: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Meeting roulette: another time?', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: `${by} cannot make your chat and suggests these times, free in both your calendars:`, wrap: true },
      { type: 'FactSet', facts: slots.map((s, i) => ({ title: `Option ${i + 1}`, value: slotTime(s.start, zone) })) },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Pick a time', url }],
  };
}

/** The message a Teams Workflows "when a Teams webhook request is received" trigger posts. */
export const teamsMessage = (card: Record<string, unknown>) => ({ type: 'message', attachments: [cardAttachment(card)] });
