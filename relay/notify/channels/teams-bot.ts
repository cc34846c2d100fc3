import type { Store, SlidingWindow } from '../../store/store';
import type { TeamsBotConfig } from '../../store/notify-store';
import type { BotConnector } from '../teams-bot/bot-connector';
import type { ChannelDriver, Message } from './driver';
import { cardAttachment } from './teams-workflow';

/**
 * What Teams allows one bot in one conversation (Bot Framework's per-thread limits: 7 per second,
 * 60 per 30 seconds). The windows here are a little longer so that network jitter between the
 * relay taking a place and Microsoft counting the request never makes one too many.
 */
export const CONVERSATION_WINDOWS: readonly SlidingWindow[] = [
  { limit: 7, windowMs: 1_250 },
  { limit: 60, windowMs: 31_000 },
];

/** A message activity: the card, and the words Teams shows in its notification and where cards do not render. */
export function botActivity(message: Message): Record<string, unknown> {
  return { type: 'message', summary: `${message.title}: ${message.body}`, attachments: [cardAttachment(message.card)] };
}

/**
 * The organisation's Teams app writing to one person's chat. Each conversation's limits are
 * kept across replicas by the store: when a window is full the delivery waits for a place (not
 * a failed attempt). A person who blocked the app, or a conversation that is gone, turns the
 * channel off (bot-connector-errors.ts).
 */
export function teamsBotDriver(bot: () => BotConnector | null, store: Store): ChannelDriver<TeamsBotConfig> {
  return {
    target: (c) => `${c.person.displayName} <${c.person.userPrincipalName}>`,
    async send(config, message) {
      const connector = bot();
      if (!connector) return { outcome: 'failed', error: 'the Teams bot is not set up on this relay any more (TEAMS_APP_ID is unset)', retry: false, retryAfterMs: null };
      const place = await store.slidingLimit(`teams-bot:${config.conversation.id}`, CONVERSATION_WINDOWS);
      if (!place.allowed) return { outcome: 'postponed', afterMs: place.retryAfterMs };
      return connector.send(config.conversation, botActivity(message));
    },
  };
}
