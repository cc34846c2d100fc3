import type { StatusRecord } from '../../core';
import { clearAlarm, ensureRepeatingAlarm, onAlarm, setAlarm, type AlarmName } from '../platform/alarms';
import { showBadge } from '../platform/badge';
import { showNotification } from '../platform/notifications';
import { onCommand } from '../platform/commands';
import { onContentMessage, sendToTab } from '../platform/content-port';
import { openExtensionDb } from '../platform/db';
import { createKeepAlive } from '../platform/keep-alive';
import { listen } from '../platform/messaging';
import { hasRelayAccess } from '../platform/permissions';
import { slot, type Slot } from '../platform/storage';
import type { SourceSettings } from '../shared/messages';
import { DEFAULT_MICROSOFT_SETTINGS } from '../sources/graph/settings';
import { DEFAULT_NOTICE_SETTINGS } from './calendar-notice';
import { injectIntoOpenTeamsTabs, onInstalled, onStartup, onTabRemoved } from '../platform/tabs';
import { createTeamsLocalSource, DEFAULT_TEAMS_LOCAL_URL } from '../sources/teams-local';
import type { OutboxHealth } from '../sync/outbox';
import type { RelayConnection } from '../sync/relay-link';
import { performCallAction } from './actions';
import { createHandlers } from './handlers';
import type { TabEntry } from './teams-web-tabs';
import { createMicrosoftAccount, sourceList } from './source-list';
import { SOURCE_ALARM_PREFIX, TICK_MS, Worker, type WorkerSlots } from './worker';

/*
 * Composition root of the service worker. MV3 rule: every listener is registered
 * synchronously at the top level, so events that woke a stopped worker are delivered; each
 * handler waits for `ready` (state rebuilt from storage) before acting.
 */

const log = (line: string) => console.info(`[teams-status] ${line}`);
const keepAlive = createKeepAlive();
const microsoft = createMicrosoftAccount(log);

const slots: WorkerSlots = {
  record: slot<StatusRecord | null>('statusRecord', null),
  tabs: slot<TabEntry[]>('teamsWebTabs', [], 'session'),
  connection: slot<RelayConnection | null>('relayConnection', null),
  outboxHealth: slot<OutboxHealth | null>('outboxHealth', null),
  settings: withDefaults(slot<Partial<SourceSettings>>('settings', {}), { teamsLocalUrl: DEFAULT_TEAMS_LOCAL_URL, teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS, calendarLinkUrl: null }),
  teamsLocalToken: slot<string | null>('teamsLocalToken', null),
};

/** Settings saved by an older version lack newer fields: they read as their defaults. */
function withDefaults<T extends object>(inner: Slot<Partial<T>>, defaults: T): Slot<T> {
  return { get: async () => ({ ...defaults, ...(await inner.get()) }), set: (v) => inner.set(v), clear: () => inner.clear() };
}

let flushTimer: ReturnType<typeof setTimeout> | undefined;

const ready: Promise<Worker> = openExtensionDb().then((db) =>
  Worker.start({
    now: () => Date.now(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    slots,
    db,
    notify: (title, message) => void showNotification(title, message).catch(() => undefined),
    showBadge: (s) =>
      void showBadge(s.availability, { stale: s.stale, inCall: s.call?.inCall === true, title: `Teams Status: ${s.label}${s.stale ? ' (not current)' : ''}` }).catch(() => undefined),
    scheduleOutbox: (delayMs) => {
      clearTimeout(flushTimer);
      flushTimer = setTimeout(() => void ready.then((w) => w.relay.flush()), delayMs);
      // The timer dies with the worker; the alarm (≥ 30 s) wakes a stopped one.
      setAlarm('outbox-retry', Date.now() + Math.max(delayMs, 30_000));
    },
    hasRelayAccess,
    sendToTab,
    createTeamsLocal: (options) =>
      createTeamsLocalSource({
        ...options,
        createSocket: (url) => new WebSocket(url),
        appVersion: chrome.runtime.getManifest().version,
        keepAlive: () => void chrome.runtime.getPlatformInfo(),
        log,
      }),
    createSources: sourceList(microsoft),
    microsoft,
    // The worker names these `source:<id>:<name>` (SOURCE_ALARM_PREFIX).
    alarms: { set: (name, whenMs) => setAlarm(name as AlarmName, whenMs), clear: (name) => clearAlarm(name as AlarmName) },
    keepAlive: (wanted) => keepAlive.set(wanted),
    log,
  }),
);
ready.catch((err: unknown) => console.error('[teams-status] the worker could not start', err));

const withWorker = (fn: (w: Worker) => Promise<unknown> | void) => void ready.then(fn).catch((err: unknown) => log(`event failed: ${String(err)}`));

listen(createHandlers(ready));

onContentMessage(async (tabId, message) => {
  const worker = await ready;
  await worker.onTeamsWebUpdate(tabId, message.payload.snapshot);
});

onTabRemoved((tabId) => withWorker((w) => w.onTabRemoved(tabId)));

// Back online: what the outbox holds goes now, not when its back-off timer ends.
globalThis.addEventListener('online', () => withWorker((w) => w.relay.retryNow()));

onAlarm((name) => {
  if (name === 'outbox-retry') withWorker((w) => w.relay.flush());
  if (name === 'heartbeat') withWorker((w) => w.tick());
  if (name.startsWith(SOURCE_ALARM_PREFIX)) withWorker((w) => w.onSourceAlarm(name));
});

onCommand((command) =>
  withWorker(async (w) => {
    try {
      await performCallAction(w, { kind: command === 'toggle-mute' ? 'toggle-mute' : 'toggle-video' });
      w.lastError = null;
    } catch (err) {
      w.lastError = (err as Error).message;
    }
  }),
);

const ensureHeartbeatAlarm = () => ensureRepeatingAlarm('heartbeat', 0.5);

onInstalled((reason) => {
  ensureHeartbeatAlarm();
  if (reason === 'install' || reason === 'update') void injectIntoOpenTeamsTabs().then((n) => log(`content script injected into ${n} open Teams tab(s)`));
});
onStartup(ensureHeartbeatAlarm);
ensureHeartbeatAlarm();

// While awake, tick on a timer too: alarms are clamped (30 s, or 1 min before Chrome 120).
setInterval(() => withWorker((w) => w.tick()), TICK_MS);
