import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import type { ResolvedStatus } from '../../core';
import { Worker, type WorkerDeps, type WorkerSlots } from '../../extension/background/worker';
import { openExtensionDb, type ExtensionDb } from '../../extension/platform/db';
import type { Slot } from '../../extension/platform/storage';
import type { TeamsWebSnapshot } from '../../extension/shared/content-messages';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { createTeamsLocalSource, DEFAULT_TEAMS_LOCAL_URL, type WebSocketLike } from '../../extension/sources/teams-local';

/** chrome.storage stand-in: values are cloned in and out, like the real one. */
export function memorySlot<T>(fallback: T): Slot<T> & { value: T | undefined } {
  const s = {
    value: undefined as T | undefined,
    get: async () => structuredClone(s.value === undefined ? fallback : s.value),
    set: async (v: T) => void (s.value = structuredClone(v)),
    clear: async () => void (s.value = undefined),
  };
  return s;
}

export function memorySlots(teamsLocalUrl = DEFAULT_TEAMS_LOCAL_URL, teamsLocalEnabled = false): WorkerSlots {
  return {
    record: memorySlot(null),
    tabs: memorySlot([]),
    connection: memorySlot(null),
    outboxHealth: memorySlot(null),
    settings: memorySlot({ teamsLocalUrl, teamsLocalEnabled, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS }),
    teamsLocalToken: memorySlot(null),
  };
}

export interface Harness {
  worker: Worker;
  db: ExtensionDb;
  clock: { now: number };
  badges: ResolvedStatus[];
  /** Browser notifications the worker showed. */
  notifications: { title: string; message: string }[];
  tabMessages: { tabId: number; message: unknown }[];
  /** Simulate the browser stopping the worker: close its database and sockets. */
  stop(): void;
}

let dbs = 0;

/** A worker over memory storage, fake-indexeddb and the real Teams local client (ws sockets). */
export async function startWorker(opts: { slots: WorkerSlots; dbName?: string; clock?: { now: number }; tabReply?: unknown } & Pick<WorkerDeps, 'createSources' | 'alarms' | 'fetch'>): Promise<Harness & { dbName: string }> {
  const dbName = opts.dbName ?? `worker-${process.pid}-${++dbs}`;
  const db = await openExtensionDb(dbName);
  const clock = opts.clock ?? { now: Date.now() };
  const badges: ResolvedStatus[] = [];
  const notifications: { title: string; message: string }[] = [];
  const tabMessages: { tabId: number; message: unknown }[] = [];
  const deps: WorkerDeps = {
    now: () => clock.now,
    timeZone: 'UTC',
    slots: opts.slots,
    db,
    showBadge: (s) => void badges.push(s),
    notify: (title, message) => void notifications.push({ title, message }),
    scheduleOutbox: () => undefined,
    hasRelayAccess: async () => true,
    sendToTab: async (tabId, message) => {
      tabMessages.push({ tabId, message });
      return opts.tabReply ?? { ok: true };
    },
    createTeamsLocal: (o) =>
      createTeamsLocalSource({ ...o, appVersion: '0.1.0', createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike }),
    createSources: opts.createSources,
    alarms: opts.alarms,
    fetch: opts.fetch,
    keepAlive: () => undefined,
    log: () => undefined,
  };
  const worker = await Worker.start(deps);
  return {
    worker,
    db,
    dbName,
    clock,
    badges,
    notifications,
    tabMessages,
    stop() {
      worker.stopSources();
      db.close();
    },
  };
}

const NO_PERMISSIONS = { toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false };

export function webSnapshot(state: TeamsWebSnapshot['state'], call: TeamsWebSnapshot['call'] = null): TeamsWebSnapshot {
  const inCall = state === 'in-call';
  return {
    state,
    call: inCall ? (call ?? { inCall: true }) : null,
    presence: null,
    permissions: inCall ? { ...NO_PERMISSIONS, toggleMute: true, toggleVideo: true, leave: true } : NO_PERMISSIONS,
    detail: state === 'page-changed' ? 'Teams changed its page.' : null,
    selectorsVersion: 'test',
  };
}
