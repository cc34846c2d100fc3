import { AppTokenProvider } from '../../graph/app-token';
import type { HttpsTransport } from '../../graph/https-transport';
import type { GraphSettings } from '../../config';
import type { TeamsBotConfig } from '../../store/notify-store';
import type { TeamsBotSettings } from '../../teams-bot-config';
import type { Attempt } from '../channels/driver';
import { refusedActivity } from './bot-connector-errors';

/** The resource a single-tenant bot's tokens are for. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

/**
 * The Bot Connector REST API for the organisation's Teams app: posts activities to a
 * conversation with a token from the tenant's own authority (a single-tenant bot). The host is
 * the operator's BOT_SERVICE_URL, a Microsoft endpoint, so this does not go through the guard
 * for URLs people give; it uses the relay's HTTPS transport (which tests point at their CA).
 */
export class BotConnector {
  readonly tokens: AppTokenProvider;

  constructor(
    graph: GraphSettings,
    bot: TeamsBotSettings,
    private readonly transport: HttpsTransport,
    private readonly now: () => number,
  ) {
    this.tokens = new AppTokenProvider({ ...graph, clientId: bot.clientId, credential: bot.credential }, transport, now, BOT_FRAMEWORK_SCOPE);
  }

  async send(conversation: TeamsBotConfig['conversation'], activity: Record<string, unknown>): Promise<Attempt> {
    const url = `${conversation.serviceUrl}v3/conversations/${encodeURIComponent(conversation.id)}/activities`;
    // One more try with a new token when the Bot Connector refuses the cached one (revoked, rotated).
    for (let renewed = false; ; renewed = true) {
      let token: string;
      let res: Response;
      try {
        token = await this.tokens.getAccessToken();
      } catch (err) {
        // Wrong or expired credentials are said as such; tried again, as a rotated secret may be on its way.
        return { outcome: 'failed', error: `no Bot Framework token: ${err instanceof Error ? err.message : String(err)}`, retry: true, retryAfterMs: null };
      }
      try {
        res = await this.transport.fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'teams-status-relay' }, body: JSON.stringify(activity) });
      } catch (err) {
        return { outcome: 'failed', error: `could not reach the Bot Connector: ${err instanceof Error ? err.message : String(err)}`, retry: true, retryAfterMs: null };
      }
      if (res.ok) return { outcome: 'delivered' };
      const body = await res.text();
      if (res.status === 401 && !renewed) {
        this.tokens.invalidate(token);
        continue;
      }
      return refusedActivity(res.status, body, res.headers.get('retry-after') ?? undefined, this.now());
    }
  }
}
