import { randomUUID } from 'node:crypto';
import type { RescheduleEvent, RouletteSlot } from '../../core';
import type { Message } from '../notify/channels/driver';
import type { EventContents } from '../notify/event-content';
import type { ScheduledJob } from '../store/notify-store';
import type { Store } from '../store/store';
import { rescheduleCard, slotTime } from './reschedule-card';

/** Who was reached: members with at least one working channel, and those the relay could not tell. */
export interface NoticeOutcome {
  notified: string[];
  notNotified: string[];
}

export function rescheduleEvent(fields: { at: string; by: string; slots: RouletteSlot[]; url: string; expiresAt: string; timeZone: string }): RescheduleEvent {
  return { type: 'roulette.reschedule', id: `evt_${randomUUID()}`, ...fields };
}

/**
 * Queue the suggestion for every channel of each member (their own channels, as notification
 * rules use), through the same delivery queue: retries, dead letters and the channel's delivery
 * records come with it, and the event id keeps a retried webhook the same delivery.
 */
export async function queueRescheduleNotice(store: Store, event: RescheduleEvent, members: readonly string[]): Promise<NoticeOutcome> {
  const outcome: NoticeOutcome = { notified: [], notNotified: [] };
  const jobs: ScheduledJob[] = [];
  for (const email of members) {
    const user = await store.getRosterEntry(email);
    const channels = user ? (await store.notify.listChannels(`user:${user.userId}`)).filter((c) => !c.disabled) : [];
    (channels.length ? outcome.notified : outcome.notNotified).push(email);
    for (const c of channels) {
      jobs.push({ job: { key: `${event.id}:${c.id}`, eventId: event.id, type: event.type, at: event.at, userId: user!.userId, logId: c.id, channelId: c.id, reschedule: event, attempts: 0 }, dueMs: Date.parse(event.at), replace: false });
    }
  }
  if (jobs.length) await store.notify.schedule(jobs);
  return outcome;
}

/** The words of the suggestion, for ntfy, pushes and the bot's summary (the card and the webhook carry the times as data). */
function noticeText(event: RescheduleEvent): { title: string; body: string } {
  const times = event.slots.map((s) => slotTime(s.start, event.timeZone)).join('; ');
  return { title: 'Meeting roulette: another time?', body: `${event.by} cannot make your chat and suggests: ${times}. Pick one on the page.` };
}

/** The suggestion in every channel's form; the notification worker delivers it like any event. */
export function rescheduleMessage(event: RescheduleEvent): Message {
  return {
    id: event.id,
    ...noticeText(event),
    url: event.url,
    card: rescheduleCard(event.by, event.slots, event.url, event.timeZone),
    event,
    urgent: true,
    tags: ['calendar', event.type],
    action: { label: 'Pick a time', url: event.url },
  };
}

/** What the composition root hands the notification module for this module's event type. */
export const rescheduleContent: EventContents = {
  'roulette.reschedule': (job) => (job.reschedule ? rescheduleMessage(job.reschedule) : null),
};
