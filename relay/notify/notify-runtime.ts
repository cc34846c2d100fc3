import type { OutboundPolicy } from './ssrf/outbound';

/** What the notification routes share with the worker. */
export interface NotifyRuntime {
  policy: OutboundPolicy;
  /** Work the queue now (after scheduling a test, say) instead of at the next poll. */
  wake(): void;
  vapid(): Promise<{ publicKey: string; privateKey: string; subject: string }>;
}
