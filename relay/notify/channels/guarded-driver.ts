import type { ChannelConfig } from '../../store/notify-store';
import { retryAfterMs, TRANSIENT_STATUSES } from '../backoff';
import { DestinationError, outboundFetch, type OutboundPolicy } from '../ssrf/outbound';
import type { Attempt, ChannelDriver, Message } from './driver';
import type { PreparedRequest } from './sender';

export interface GuardedChannel<C extends ChannelConfig> {
  target(config: C): string;
  prepare(config: C, message: Message): Promise<PreparedRequest>;
  /** A refusal that means the destination is gone for good: the reason the channel is turned off with. */
  gone?(status: number): string | null;
}

/**
 * A channel whose destination a person gave (a URL): every request goes through the SSRF guard,
 * redirects included, and the reply is read the same way for all of them.
 */
export function guardedDriver<C extends ChannelConfig>(policy: OutboundPolicy, now: () => number, channel: GuardedChannel<C>): ChannelDriver<C> {
  return {
    target: channel.target,
    async send(config, message): Promise<Attempt> {
      const request = await channel.prepare(config, message);
      try {
        const res = await outboundFetch(request.url, request, policy);
        if (res.status >= 200 && res.status < 300) {
          const wrong = request.expect?.(res.status, res.body) ?? null;
          return wrong ? { outcome: 'failed', error: wrong, retry: false, retryAfterMs: null } : { outcome: 'delivered' };
        }
        const disable = channel.gone?.(res.status) ?? undefined;
        return { outcome: 'failed', error: `the receiver answered HTTP ${res.status}`, retry: TRANSIENT_STATUSES.has(res.status), retryAfterMs: retryAfterMs(res.headers['retry-after'], now()), ...(disable ? { disable } : {}) };
      } catch (err) {
        if (err instanceof DestinationError) return { outcome: 'failed', error: err.message, retry: err.code === 'unresolvable_host', retryAfterMs: null };
        const reason = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : err instanceof Error ? err.message : String(err);
        return { outcome: 'failed', error: `could not reach the receiver: ${reason}`, retry: true, retryAfterMs: null };
      }
    },
  };
}
