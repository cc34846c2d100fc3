import type { CallAction } from '../shared/messages';
import { currentCall } from './popup-state';
import type { Worker } from './worker';

function isReply(value: unknown): value is { ok: true } | { ok: false; error: string } {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * Route a call action to the sensor that sees the call: the Teams desktop API or the Teams
 * web tab. Throws words for the person when nothing can do it.
 */
export async function performCallAction(worker: Worker, action: CallAction): Promise<void> {
  const call = currentCall(worker);
  if (!call) throw new Error('You are not in a Teams call that this extension can see.');
  if (call.via === 'teams-local') {
    await worker.teamsLocal.send(action);
    return;
  }
  const tab = worker.tabs.winner();
  if (!tab) throw new Error('The Teams tab with the call is gone.');
  let reply: unknown;
  try {
    reply = await worker.deps.sendToTab(tab.tabId, { type: 'teamsWebAction', payload: { action } });
  } catch (err) {
    throw new Error(`The Teams tab did not answer (${(err as Error).message}). Reload the Teams tab and try again.`);
  }
  if (!isReply(reply)) throw new Error('The Teams tab did not answer. Reload the Teams tab and try again.');
  if (!reply.ok) throw new Error(reply.error);
}
