import type { ChannelInput, ChannelView, DeliveryRecord, Rule, WatchView } from '../../core';
import type { Reply } from './messages';

/** Everything the options page shows about notifications, read in one go. */
export interface NotifyOverview {
  channels: (ChannelView & { deliveries: DeliveryRecord[] })[];
  rules: Rule[];
  watches: WatchView[];
}

/** The options page's notification messages, answered by the worker (background/notify-handlers.ts). */
export interface NotifyMessages {
  getNotifications: { request: null; response: Reply<{ overview: NotifyOverview }> };
  /** A webhook's signing secret comes back this once. */
  addChannel: { request: ChannelInput; response: Reply<{ id: string; secret?: string }> };
  removeChannel: { request: { id: string }; response: Reply };
  testChannel: { request: { id: string }; response: Reply };
  setRules: { request: { rules: Rule[] }; response: Reply };
  removeWatch: { request: { id: string }; response: Reply };
}
