import type { TeamsBotConfig } from '../store/notify-store';
import type { ChannelDrivers } from './channels/driver';
import type { VapidSource } from './channels/web-push';
import type { OutboundPolicy } from './ssrf/outbound';

/** What the notification routes share with the worker. */
export interface NotifyRuntime {
  policy: OutboundPolicy;
  drivers: ChannelDrivers;
  /** Work the queue now (after scheduling a test, say) instead of at the next poll. */
  wake(): void;
  vapid: VapidSource;
  /** Find the person and their chat with the organisation's Teams app (installing it); throws HttpErrors in words. */
  connectTeamsBot(user: string): Promise<TeamsBotConfig>;
}
