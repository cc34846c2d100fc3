import { retryAfterMs, TRANSIENT_STATUSES } from '../backoff';
import type { Attempt } from '../channels/driver';

/**
 * The one rule for what a Bot Connector refusal of an activity means for the channel: turned off
 * for good (the person or Teams ended the conversation), tried again (busy, broken for now), or
 * a failed delivery and nothing more. Microsoft's table of status codes for bot conversational
 * APIs says which refusals are final; a 401 is renewed before it gets here (bot-connector.ts).
 */

/** The Bot Connector's 412 Precondition Failed: transient, Microsoft's guidance for bots says, to be tried again like 429, 502 and 504. */
const PRECONDITION_FAILED = 412;

/** 403 refusals that mean the person blocked the app, removed it, or left the chat: no message will ever arrive. */
const BLOCKED = new Set(['MessageWritesBlocked', 'ConversationBlockedByUser', 'BotNotInConversationRoster']);

/**
 * 404 ConversationNotFound on the conversation's activities URL (the only URL the relay posts
 * to): the conversation is gone, the app uninstalled for the person or the chat deleted. Retrying
 * would never reach anyone; a new channel installs the app and gets a new chat. A 404 without
 * that code is not taken as proof: a wrong service URL would answer it for every conversation,
 * and turning every channel off for it would be worse than one failed delivery each.
 */
const GONE = 'ConversationNotFound';

/** Every `code` and `subCode` in a Bot Connector error body, wherever Teams put them. */
function errorCodes(body: string): string[] {
  try {
    const json = JSON.parse(body) as { error?: { code?: unknown; subCode?: unknown; innerHttpError?: { body?: { subCode?: unknown } } }; code?: unknown; subCode?: unknown };
    return [json.error?.code, json.error?.subCode, json.error?.innerHttpError?.body?.subCode, json.code, json.subCode].filter((c): c is string => typeof c === 'string');
  } catch {
    return [];
  }
}

/** What a refused activity (any status but a first 401) comes to, in words the admin reads. */
export function refusedActivity(status: number, body: string, retryAfter: string | undefined, now: number): Extract<Attempt, { outcome: 'failed' }> {
  const codes = errorCodes(body);
  const blocked = status === 403 && codes.find((c) => BLOCKED.has(c));
  if (blocked) {
    return { outcome: 'failed', error: `the Bot Connector answered 403 ${blocked}`, retry: false, retryAfterMs: null, disable: `the person blocked or removed the Teams app (${blocked}); once they unblock it, delete this channel and create it again` };
  }
  const said = codes.length ? ` ${codes.join('/')}` : '';
  if (status === 404 && codes.includes(GONE)) {
    return {
      outcome: 'failed',
      error: `the Bot Connector answered 404${said}`,
      retry: false,
      retryAfterMs: null,
      disable: `the person's chat with the Teams app no longer exists (${GONE}): the app may have been uninstalled for them or the chat deleted; delete this channel and create it again, which installs the app for them again`,
    };
  }
  return { outcome: 'failed', error: `the Bot Connector answered HTTP ${status}${said}`, retry: TRANSIENT_STATUSES.has(status) || status === PRECONDITION_FAILED, retryAfterMs: retryAfterMs(retryAfter, now) };
}
