import { GraphError } from '@microsoft/microsoft-graph-client';
import type { GraphApp } from '../../graph/graph-app';
import { HttpError } from '../../http/http-error';
import type { TeamsBotConfig } from '../../store/notify-store';
import type { TeamsBotSettings } from '../../teams-bot-config';

interface GraphUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
}

interface Installation {
  id: string;
  teamsApp?: { id: string };
}

const statusOf = (err: unknown) => (err instanceof GraphError ? err.statusCode : 0);

/** Graph's refusal of the relay's own app, in words the admin can act on (502: the relay is fine, its Microsoft side is not). */
function refused(err: unknown, doing: string, permission: string): never {
  const status = statusOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (status === 401 || status === 403) throw new HttpError('graph_refused', `Microsoft Graph refused to let the relay ${doing} (${status}): grant the relay's app the application permission ${permission} and admin consent. Graph said: ${detail}`);
  throw new HttpError('graph_refused', `Microsoft Graph could not ${doing}${status ? ` (${status})` : ''}: ${detail}`);
}

async function person(graph: GraphApp, user: string): Promise<GraphUser> {
  try {
    return (await graph.client.api(`/users/${encodeURIComponent(user)}`).select(['id', 'displayName', 'userPrincipalName']).get()) as GraphUser;
  } catch (err) {
    if (statusOf(err) === 404) throw new HttpError('unknown_person', `no one in the organisation's directory is ${user}; give their email (user principal name) or Entra object id`, 'user');
    return refused(err, `read the person ${user}`, 'User.Read.All');
  }
}

async function installed(graph: GraphApp, userId: string, appId: string): Promise<Installation | null> {
  try {
    const page = (await graph.client.api(`/users/${userId}/teamwork/installedApps`).expand('teamsApp').filter(`teamsApp/id eq '${appId}'`).get()) as { value: Installation[] };
    return page.value.find((i) => i.teamsApp?.id === appId) ?? null;
  } catch (err) {
    return refused(err, "list the person's Teams apps", 'TeamsAppInstallation.ReadWriteSelfForUser.All');
  }
}

async function install(graph: GraphApp, userId: string, appId: string): Promise<void> {
  try {
    await graph.client.api(`/users/${userId}/teamwork/installedApps`).post({ 'teamsApp@odata.bind': `${graph.settings.baseUrl}/v1.0/appCatalogs/teamsApps/${appId}` });
  } catch (err) {
    // Installed meanwhile (another admin, another replica): the list will show it.
    if (statusOf(err) === 409) return;
    if (statusOf(err) === 404) throw new HttpError('graph_refused', `the Teams app ${appId} (TEAMS_APP_ID) is not in the organisation's app catalog: upload it in the Teams admin center and set TEAMS_APP_ID to its id there`);
    return refused(err, 'install the Teams app for the person', 'TeamsAppInstallation.ReadWriteSelfForUser.All');
  }
}

async function chat(graph: GraphApp, userId: string, installationId: string): Promise<{ id: string; tenantId: string | null }> {
  try {
    return (await graph.client.api(`/users/${userId}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`).select(['id', 'tenantId']).get()) as { id: string; tenantId: string | null };
  } catch (err) {
    return refused(err, "read the app's chat with the person", 'TeamsAppInstallation.ReadWriteSelfForUser.All');
  }
}

/**
 * Everything the bot needs to write to one person, found through Graph: who they are, the
 * relay's Teams app installed for them (installed here when missing; Teams then opens the 1:1
 * chat by itself), and that chat's id, the conversation the Bot Connector posts to. The bot
 * never has to wait for the person to say something first.
 */
export async function connectPerson(graph: GraphApp, bot: TeamsBotSettings, user: string): Promise<TeamsBotConfig> {
  const who = await person(graph, user);
  let installation = await installed(graph, who.id, bot.appId);
  if (!installation) {
    await install(graph, who.id, bot.appId);
    installation = await installed(graph, who.id, bot.appId);
    if (!installation) throw new HttpError('graph_refused', `Microsoft Graph accepted installing the Teams app ${bot.appId} for ${who.userPrincipalName} but does not list it; try again in a minute`);
  }
  const { id, tenantId } = await chat(graph, who.id, installation.id);
  return {
    type: 'teams-bot',
    person: { id: who.id, displayName: who.displayName ?? who.userPrincipalName, userPrincipalName: who.userPrincipalName },
    installationId: installation.id,
    conversation: { serviceUrl: bot.serviceUrl, id, tenantId: tenantId ?? graph.settings.tenantId },
  };
}
