/**
 * Teams desktop local API source (third-party app API, protocol 2.0.0).
 *
 * Usage in the service worker (composition root):
 *
 *   const teams = createTeamsLocalSource({
 *     createSocket: (url) => new WebSocket(url),         // Node tests pass `ws`
 *     loadToken: () => storage.get('teamsToken'),         // persistence lives in extension/platform
 *     saveToken: (token) => storage.set('teamsToken', token),
 *     appVersion: chrome.runtime.getManifest().version,   // part of the token's identity tuple
 *     address: settings.teamsLocalUrl,                    // default ws://127.0.0.1:8124
 *     keepAlive: () => void chrome.runtime.getPlatformInfo(), // every 20 s while the socket is open
 *   });
 *   teams.onChange((snap) => {
 *     health.teamsLocal = toTeamsLocalHealth(snap);           // { state, canPair, detail }
 *     const report = toTeamsReport(snap, new Date().toISOString()); // null: publish nothing
 *     const permissions = toCallPermissions(snap);
 *   });
 *   await teams.start();
 *
 * Then: `teams.pair()` (popup "Pair with Teams"; only while `snapshot().canPair`),
 * `teams.send({ kind: 'toggle-mute' })` (resolves on Teams' ack, rejects with a
 * TeamsLocalError whose message is for the person), `teams.retryNow()` (user click while
 * "off"), `teams.setAddress(url)` (options changed), `teams.stop()` (turned off).
 *
 * States: off (port closed: Teams closed or its API off, retried 1 s doubling to
 * 60 s) → connecting → unpaired (canPair while in a meeting) → pairing → paired.
 * onChange fires only on real changes. Republish the report periodically yourself: the relay
 * treats teams-local reports as fresh for 90 s.
 */
import { TeamsLocalSource } from './client';
import type { TeamsLocalSourceOptions } from './options';

export function createTeamsLocalSource(options: TeamsLocalSourceOptions): TeamsLocalSource {
  return new TeamsLocalSource(options);
}

export { TeamsLocalSource } from './client';
export type { TeamsLocalSourceOptions } from './options';
export type { TeamsLocalSnapshot } from './snapshot';
export { TeamsLocalError } from './errors';
export type { TeamsLocalErrorCode } from './errors';
export { toCallPermissions, toTeamsLocalHealth, toTeamsReport } from './report';
export type { MeetingPermissions, MeetingState } from './protocol';
export type { Clock, WebSocketLike } from './runtime';
export { realClock } from './runtime';
export { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, backoffDelay } from './backoff';
export { buildConnectUrl, DEFAULT_TEAMS_LOCAL_URL, teamsIdentity } from './url';
