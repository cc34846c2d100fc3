import { randomUUID } from 'node:crypto';
import type { RescheduleEvent, RouletteSlot } from '../../core';
import { ntfyTarget } from '../notify/channels/ntfy';
import { JSON_HEADERS, type PreparedRequest, type SendContext } from '../notify/channels/sender';
import { workflowAccepted } from '../notify/channels/teams-workflow';
import { pushRequest } from '../notify/channels/web-push';
import { signedRequest } from '../notify/channels/webhook';
import type { ChannelConfig, ScheduledJob } from '../store/notify-store';
import type { Store } from '../store/store';
import { rescheduleCard, slotTime, teamsMessage } from './reschedule-card';

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

/** The words of the suggestion, for ntfy and pushes (the card and the webhook carry the times as data). */
function noticeText(event: RescheduleEvent): { title: string; body: string } {
  const times = event.slots.map((s) => slotTime(s.start, event.timeZone)).join('; ');
  return { title: 'Meeting roulette: another time?', body: `${event.by} cannot make your chat and suggests: ${times}. Pick one on the page.` };
}

/** The request one channel type makes for a suggestion. */
export async function sendRescheduleNotice(config: ChannelConfig, event: RescheduleEvent, ctx: SendContext): Promise<PreparedRequest> {
  switch (config.type) {
    case 'webhook':
      return signedRequest(config, event.id, JSON.stringify(event));
    case 'teams-workflow':
      return {
        url: config.url,
        method: 'POST',
        headers: { ...JSON_HEADERS },
        body: JSON.stringify({ ...teamsMessage(rescheduleCard(event.by, event.slots, event.url, event.timeZone)), event }),
        expect: workflowAccepted,
      };
    case 'ntfy': {
      const { server, topic } = ntfyTarget(config.url);
      const text = noticeText(event);
      return {
        url: server,
        method: 'POST',
        headers: { ...JSON_HEADERS, ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
        body: JSON.stringify({ topic, title: text.title, message: text.body, priority: 4, tags: ['calendar', event.type], click: event.url, actions: [{ action: 'view', label: 'Pick a time', url: event.url }] }),
      };
    }
    case 'web-push': {
      const text = noticeText(event);
      return pushRequest(config, JSON.stringify({ ...text, url: event.url, event }), 'high', ctx);
    }
  }
}
