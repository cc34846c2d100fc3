import { useEffect, useState } from 'preact/hooks';
import type { NotifyOverview } from '../shared/notify-messages';
import { useUiEnv } from '../ui/ui-env';
import { CHANNEL_KIND, deliveryWords, watchWords } from '../ui/notify-words';

/**
 * The popup's line about notifications: who is waiting to hear when you are free, and a channel
 * whose last delivery failed. Nothing when all is quiet (or the relay cannot say).
 */
export function NotifySummary() {
  const { send, timeZone } = useUiEnv();
  const [overview, setOverview] = useState<NotifyOverview | null>(null);
  useEffect(() => {
    void send('getNotifications', null).then((reply) => {
      if (reply.ok) setOverview(reply.overview);
    });
  }, [send]);
  if (!overview) return null;
  const failing = overview.channels.filter((c) => c.disabled || (c.deliveries[0] && c.deliveries[0].state !== 'delivered'));
  if (overview.watches.length === 0 && failing.length === 0) return null;
  return (
    <section class="card" aria-labelledby="notify-summary-heading">
      <h2 id="notify-summary-heading">Notifications</h2>
      <ul class="lines">
        {overview.watches.map((w) => (
          <li key={w.id}>{watchWords(w, timeZone)}</li>
        ))}
        {failing.map((c) => (
          <li key={c.id}>
            {CHANNEL_KIND[c.type]}: {c.disabled ? `off — ${c.disabled.reason}` : deliveryWords(c.deliveries[0], timeZone)}
          </li>
        ))}
      </ul>
    </section>
  );
}
