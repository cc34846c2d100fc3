import { cardProblems } from '../notify/workflows';
import { sendJson, type FakeRequest, type Route } from './model';
import { BOT_SCOPE_AUDIENCE, teamsOf, type BlockedCode } from './teams-model';

/**
 * The Bot Connector for Teams (smba.trafficmanager.net/teams/): `POST
 * /teams/v3/conversations/{id}/activities`. It checks what the real one checks and what the
 * relay promises: a bearer token the identity fake minted for the Bot Framework scope to the
 * bot's own app id, a JSON message activity with one Adaptive Card 1.5 that the adaptivecards
 * library accepts and a plain-text summary. It keeps Teams' per-conversation limits itself
 * (7 requests in any second, 60 in any 30 seconds; 429 past them), answers 403 with the chat's
 * `blocked` code (MessageWritesBlocked, ConversationBlockedByUser, BotNotInConversationRoster)
 * and 404 ConversationNotFound to the bot's own token for a conversation that is gone (the app
 * uninstalled for the person); `fail` makes it busy for a while.
 */

const ACTIVITY_KEYS = new Set(['type', 'summary', 'text', 'textFormat', 'attachments', 'attachmentLayout', 'importance', 'locale', 'channelData', 'entities', 'suggestedActions']);
export const LIMITS = [
  { limit: 7, windowMs: 1000 },
  { limit: 60, windowMs: 30_000 },
] as const;

const botError = (r: FakeRequest, status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  sendJson(r.res, status, { error: { code, message, ...extra } }, headers);

/** Each 403 as Teams words it: MessageWritesBlocked as a subCode under Forbidden, the others as the code itself. */
function blockedAnswer(r: FakeRequest, code: BlockedCode): void {
  switch (code) {
    case 'MessageWritesBlocked':
      return botError(r, 403, 'Forbidden', 'The bot is not allowed to send messages in this conversation: the user blocked it or removed the app.', { subCode: 'MessageWritesBlocked' });
    case 'ConversationBlockedByUser':
      return botError(r, 403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.');
    case 'BotNotInConversationRoster':
      return botError(r, 403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
  }
}

export function activityProblems(body: string): string[] {
  let activity: Record<string, unknown>;
  try {
    activity = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return ['the body is not JSON'];
  }
  const problems = Object.keys(activity).filter((k) => !ACTIVITY_KEYS.has(k)).map((k) => `unexpected activity field ${k}`);
  if (activity.type !== 'message') problems.push(`type must be "message", got ${JSON.stringify(activity.type)}`);
  if (typeof activity.summary !== 'string' || activity.summary.trim() === '') problems.push('summary must be the plain-text words of the message');
  const attachments = activity.attachments as { contentType?: unknown; content?: { version?: unknown } }[] | undefined;
  if (!Array.isArray(attachments) || attachments.length !== 1) return [...problems, 'attachments must hold exactly one card'];
  const [card] = attachments;
  if (card!.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push(`the attachment must be an Adaptive Card, got ${String(card!.contentType)}`);
  if (card!.content?.version !== '1.5') problems.push('the card must be version 1.5');
  return [...problems, ...cardProblems(card!.content)];
}

function activities(r: FakeRequest, m: RegExpMatchArray): void {
  const t = teamsOf(r.state);
  const now = r.state.now();
  const auth = r.req.headers.authorization ?? '';
  const grant = auth.startsWith('Bearer ') ? r.state.accessTokens.get(auth.slice(7)) : undefined;
  const conversationId = decodeURIComponent(m[1]!);
  const chat = t.chats.get(conversationId);
  // The token is checked before the conversation, so a gone conversation answers 404 to the bot, not 401.
  const botIds = new Set([...t.catalog.values()].map((app) => app.botId));
  if (!grant || grant.expiresAt <= now || grant.audience !== BOT_SCOPE_AUDIENCE || !(chat ? grant.clientId === chat.botId : botIds.has(grant.clientId))) {
    if (grant && grant.expiresAt > now) t.problems.push(`activity with a token for ${grant.audience ?? 'Graph'} as ${grant.clientId}, not the bot's Bot Framework token`);
    return botError(r, 401, 'Unauthorized', 'Authorization has been denied for this request.');
  }
  if (!chat) return botError(r, 404, 'ConversationNotFound', 'Conversation not found.');
  chat.requests = chat.requests.filter((at) => at > now - 30_000);
  for (const { limit, windowMs } of LIMITS) {
    if (chat.requests.filter((at) => at > now - windowMs).length >= limit) {
      t.counters.throttled++;
      chat.requests.push(now);
      return botError(r, 429, 'Throttled', `Too many requests to this conversation (${limit} per ${windowMs / 1000} s).`, {}, { 'retry-after': '1' });
    }
  }
  chat.requests.push(now);
  if (t.fail.count > 0) {
    t.fail.count--;
    return botError(r, t.fail.status, t.fail.status === 429 ? 'Throttled' : 'ServiceError', 'The service is temporarily unavailable.', {}, { 'retry-after': '0' });
  }
  if (chat.blocked) {
    t.counters.blockedRefusals++;
    return blockedAnswer(r, chat.blocked);
  }
  const problems = String(r.req.headers['content-type']).startsWith('application/json') ? activityProblems(r.body) : ['content-type must be application/json'];
  if (problems.length) {
    t.problems.push(...problems.map((p) => `activity: ${p}`));
    return botError(r, 400, 'BadArgument', problems.join('; '));
  }
  t.counters.activities++;
  chat.activities.push({ at: now, activity: JSON.parse(r.body) as Record<string, unknown> });
  sendJson(r.res, 201, { id: `1:${chat.activities.length}` });
}

export const botConnectorRoutes: Route[] = [{ method: 'POST', area: 'bot', path: /^\/teams\/v3\/conversations\/([^/]+)\/activities$/, handle: activities }];
