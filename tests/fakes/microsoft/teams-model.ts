import type { MicrosoftState } from './model';

/**
 * The Teams side of the organisation (teams-graph.ts, bot-connector.ts): the org's app catalog,
 * each person's installed apps, the bot's 1:1 chats with what arrived in them, and the switches
 * a test turns (a person blocks the bot, the app is uninstalled for them, the app is missing from
 * the catalog). Every request that breaks a rule the real service keeps is refused and written to
 * `problems` in words, so a test asserts `problems` is empty instead of trusting a lenient fake.
 */

export interface CatalogApp {
  /** The app's id in the org catalog (TEAMS_APP_ID). */
  id: string;
  externalId: string;
  displayName: string;
  /** The Microsoft App ID of the bot in its manifest. */
  botId: string;
}

export interface Installation {
  id: string;
  userId: string;
  appId: string;
  chatId: string;
}

/** The Bot Connector's 403 codes for a conversation the bot may not write to any more. */
export type BlockedCode = 'MessageWritesBlocked' | 'ConversationBlockedByUser' | 'BotNotInConversationRoster';

export interface BotChat {
  id: string;
  userId: string;
  botId: string;
  createdDateTime: string;
  /** The person blocked the bot, or it left the chat's roster: the Bot Connector answers 403 with this code; null while it may write. */
  blocked: BlockedCode | null;
  /** Activities accepted, oldest first, with when they arrived. */
  activities: { at: number; activity: Record<string, unknown> }[];
  /** Arrival times of every authorised request (the per-conversation limits count these). */
  requests: number[];
}

export interface TeamsDirectory {
  catalog: Map<string, CatalogApp>;
  installations: Installation[];
  chats: Map<string, BotChat>;
  /** The tenant id chats carry. */
  tenantId: string;
  /** The next `count` activities are answered `status` (429, 502, 503…) with `Retry-After: 0`, as a busy Bot Connector does. */
  fail: { count: number; status: number };
  counters: { userLookups: number; installLists: number; installs: number; chatReads: number; activities: number; throttled: number; blockedRefusals: number };
  problems: string[];
}

export const TEAMS_APP_ID = '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a';
export const BOT_SCOPE_AUDIENCE = 'https://api.botframework.com';

const teams = new WeakMap<MicrosoftState, TeamsDirectory>();

export function teamsOf(state: MicrosoftState): TeamsDirectory {
  let t = teams.get(state);
  if (!t) {
    t = {
      catalog: new Map([[TEAMS_APP_ID, { id: TEAMS_APP_ID, externalId: 'c1a3e5f7-0000-4000-8000-00000000abcd', displayName: 'Teams Status', botId: state.clientId }]]),
      installations: [],
      chats: new Map(),
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      fail: { count: 0, status: 503 },
      counters: { userLookups: 0, installLists: 0, installs: 0, chatReads: 0, activities: 0, throttled: 0, blockedRefusals: 0 },
      problems: [],
    };
    teams.set(state, t);
  }
  return t;
}

/** The bot's chat with a person (after the app was installed for them), or undefined. */
export const chatWith = (state: MicrosoftState, userId: string): BotChat | undefined => [...teamsOf(state).chats.values()].find((c) => c.userId === userId);

/** Install the app for a person as if they (or an admin) had done it already. */
export function preinstall(state: MicrosoftState, userId: string, appId = TEAMS_APP_ID): Installation {
  const t = teamsOf(state);
  const app = t.catalog.get(appId)!;
  const chatId = `19:${userId}_${app.botId}@unq.gbl.spaces`;
  const installation = { id: Buffer.from(`${userId}##${appId}`).toString('base64'), userId, appId, chatId };
  t.installations.push(installation);
  if (!t.chats.has(chatId)) t.chats.set(chatId, { id: chatId, userId, botId: app.botId, createdDateTime: new Date(state.now()).toISOString(), blocked: null, activities: [], requests: [] });
  return installation;
}

/**
 * The app uninstalled for a person (by them, an admin or a policy): Teams removes the installation
 * and the bot's conversation with them, so the Bot Connector answers 404 ConversationNotFound.
 */
export function uninstall(state: MicrosoftState, userId: string, appId = TEAMS_APP_ID): void {
  const t = teamsOf(state);
  const gone = t.installations.filter((i) => i.userId === userId && i.appId === appId);
  for (const i of gone) t.chats.delete(i.chatId);
  t.installations = t.installations.filter((i) => !gone.includes(i));
}
