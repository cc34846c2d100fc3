import { GUID } from '../core';
import { ConfigError, url, type Env } from './env-readers';
import type { GraphSettings } from './config';

/** The organisation's Teams app that writes to people's chats (docs/notifications.md, "Teams bot"). */
export interface TeamsBotSettings {
  /** TEAMS_APP_ID: the app's id in the organisation's Teams app catalog (not the bot's id). */
  appId: string;
  /**
   * BOT_CLIENT_ID with BOT_CLIENT_SECRET: the Azure Bot's app registration. Unset, the bot is the
   * Graph app itself (GRAPH_CLIENT_ID and its secret or certificate), one registration for both.
   */
  clientId: string;
  credential: GraphSettings['credential'];
  /** BOT_SERVICE_URL (https://smba.trafficmanager.net/teams/): the Bot Connector for Teams, with its trailing slash. */
  serviceUrl: string;
}


/** TEAMS_APP_ID and BOT_*; null without TEAMS_APP_ID (the channel type is then refused in words). */
export function teamsBotSettings(env: Env, graph: GraphSettings | null): TeamsBotSettings | null {
  const appId = env.TEAMS_APP_ID?.trim() ?? '';
  const clientId = env.BOT_CLIENT_ID?.trim() ?? '';
  const secret = env.BOT_CLIENT_SECRET?.trim() ?? '';
  const serviceRaw = env.BOT_SERVICE_URL?.trim() ?? '';
  if (!appId) {
    if (clientId || secret || serviceRaw) throw new ConfigError('BOT_CLIENT_ID, BOT_CLIENT_SECRET and BOT_SERVICE_URL need TEAMS_APP_ID (the Teams app whose bot they are)');
    return null;
  }
  if (!GUID.test(appId)) throw new ConfigError(`TEAMS_APP_ID must be the app's id in the Teams app catalog (a GUID, as Graph's appCatalogs/teamsApps lists it), got "${appId}"`);
  if (!graph) throw new ConfigError('TEAMS_APP_ID needs Microsoft Graph: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a credential (the relay installs the app for people through Graph)');
  if (Boolean(clientId) !== Boolean(secret)) throw new ConfigError('BOT_CLIENT_ID and BOT_CLIENT_SECRET go together: set both (a separate bot registration) or neither (the Graph app is the bot)');
  if (clientId && !GUID.test(clientId)) throw new ConfigError(`BOT_CLIENT_ID must be the bot's Microsoft App ID (a GUID), got "${clientId}"`);
  const serviceUrl = `${url('BOT_SERVICE_URL', serviceRaw || 'https://smba.trafficmanager.net/teams/', ['https:'])}/`;
  return {
    appId: appId.toLowerCase(),
    clientId: clientId || graph.clientId,
    credential: clientId ? { kind: 'secret', secret } : graph.credential,
    serviceUrl,
  };
}
