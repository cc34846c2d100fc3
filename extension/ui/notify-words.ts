import type { ChannelType, DeliveryRecord, RuleWhen, WatchView } from '../../core';

/** How the popup and options page name things: in words a person uses, never the wire's codes. */
export const CHANNEL_KIND: Record<ChannelType, string> = {
  webhook: 'Webhook',
  'teams-workflow': 'Teams channel (Workflows)',
  ntfy: 'ntfy topic',
  'web-push': 'Browser notifications',
  'teams-bot': 'Teams chat (the organisation\'s app)',
};

export const RULE_WORDS: Record<RuleWhen, string> = {
  'any-change': 'any change',
  'call-started': 'a call starts',
  'call-ended': 'a call ends',
  available: 'I become available',
  busy: 'I become busy',
};

const clock = (iso: string, timeZone: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });

/** A channel's latest delivery, in one sentence. */
export function deliveryWords(latest: DeliveryRecord | undefined, timeZone: string): string {
  if (!latest) return 'Nothing sent yet.';
  const at = clock(latest.at, timeZone);
  const tries = latest.attempts === 1 ? '' : ` after ${latest.attempts} tries`;
  if (latest.state === 'delivered') return `Last sent at ${at}${tries}: delivered.`;
  if (latest.state === 'retrying') return `Last try at ${at} failed (${latest.lastError ?? 'no reason given'}); trying again.`;
  return `Gave up at ${at}${tries}: ${latest.lastError ?? 'no reason given'}.`;
}

/** What a watch someone left on the share link is waiting for. */
export function watchWords(watch: WatchView, timeZone: string): string {
  const what = watch.when === 'available' ? 'when you are free' : 'when your call ends';
  const how = watch.channel.type === 'ntfy' ? 'by ntfy' : watch.channel.type === 'web-push' ? 'in their browser' : 'by webhook';
  return `Someone wants to know ${what} (${how}), until ${clock(watch.expiresAt, timeZone)}.`;
}
