import type { Store } from '../../store/store';
import type { OutboundPolicy } from '../ssrf/outbound';
import type { BotConnector } from '../teams-bot/bot-connector';
import type { ChannelDrivers } from './driver';
import { ntfyDriver } from './ntfy';
import { teamsBotDriver } from './teams-bot';
import { workflowDriver } from './teams-workflow';
import { webPushDriver, type VapidSource } from './web-push';
import { webhookDriver } from './webhook';

/** Every channel type's driver, with what each needs: the guard for URLs people give, the VAPID keys, the bot. */
export function channelDrivers(deps: { policy: OutboundPolicy; now: () => number; vapid: VapidSource; bot: () => BotConnector | null; store: Store }): ChannelDrivers {
  const { policy, now } = deps;
  return {
    webhook: webhookDriver(policy, now),
    'teams-workflow': workflowDriver(policy, now),
    ntfy: ntfyDriver(policy, now),
    'web-push': webPushDriver(policy, now, deps.vapid),
    'teams-bot': teamsBotDriver(deps.bot, deps.store),
  };
}
