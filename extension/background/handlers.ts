import { manualReportSchema, parseWire } from '../../core';
import type { ManualReport } from '../../core';
import { buildTimeline, dayBounds } from '../history/timeline';
import type { Handlers, MicrosoftView, Reply, Settings } from '../shared/messages';
import { adminConsentUrl } from '../sources/graph/settings';
import { performCallAction } from './actions';
import { checkNoticeSettings } from './calendar-notice';
import { createNotifyHandlers } from './notify-handlers';
import { popupState } from './popup-state';
import type { Worker } from './worker';

/** An empty success payload; `Reply`'s default (Record<string, never>) admits no literal. */
const NONE = {} as Record<string, never>;

const fail = (err: unknown): { ok: false; error: string } => ({ ok: false, error: err instanceof Error ? err.message : String(err) });

/** Run an action; remember its failure for the popup's error line, clear it on success. */
async function attempt<T extends object>(worker: Worker, fn: () => Promise<T>): Promise<Reply<T>> {
  try {
    const value = await fn();
    worker.lastError = null;
    return { ok: true, ...value } as Reply<T>;
  } catch (err) {
    worker.lastError = fail(err).error;
    worker.deps.onChange?.();
    return fail(err);
  }
}

async function settingsOf(worker: Worker): Promise<Settings> {
  const conn = worker.relay.connection();
  return { ...(await worker.deps.slots.settings.get()), relayUrl: conn?.relayUrl ?? null, displayName: conn?.displayName ?? null };
}

async function microsoftView(worker: Worker): Promise<MicrosoftView> {
  const account = worker.deps.microsoft;
  const settings = await worker.deps.slots.settings.get();
  const redirectUri = account?.redirectUri ?? '';
  const view = account?.view() ?? { signedIn: false, name: null, email: null, problem: null };
  return { ...view, redirectUri, adminConsentUrl: settings.msClientId ? adminConsentUrl(settings, redirectUri) : null };
}

/** Every message of the contract (extension/shared/messages.ts), answered by the worker. */
export function createHandlers(ready: Promise<Worker>): Handlers {
  return {
    ...createNotifyHandlers(ready),
    getState: async () => ({ ok: true, state: popupState(await ready) }),

    refreshSources: async () => {
      (await ready).refreshSources();
      return { ok: true };
    },

    setManual: async ({ availability, until, message }) => {
      const worker = await ready;
      const report: Record<string, unknown> = { observedAt: new Date(worker.deps.now()).toISOString(), availability, until };
      if (message?.trim()) report.message = message.trim();
      const parsed = parseWire(manualReportSchema, report);
      if (!parsed.ok) return { ok: false, error: parsed.message };
      if (until && Date.parse(until) <= worker.deps.now()) return { ok: false, error: 'The end time is in the past.' };
      const prev = worker.book.report('manual');
      const value: ManualReport = prev && Date.parse(prev.observedAt) >= Date.parse(parsed.value.observedAt) ? { ...parsed.value, observedAt: new Date(Date.parse(prev.observedAt) + 1).toISOString() } : parsed.value;
      return attempt(worker, async () => (await worker.publish('manual', value), NONE));
    },

    clearManual: async () => {
      const worker = await ready;
      return attempt(worker, async () => (await worker.publish('manual', null), NONE));
    },

    callAction: async ({ action }) => {
      const worker = await ready;
      return attempt(worker, async () => (await performCallAction(worker, action), NONE));
    },

    retryTeamsLocal: async () => {
      const worker = await ready;
      return attempt(worker, async () => (worker.teamsLocal.retryNow(), NONE));
    },

    pairTeams: async () => {
      const worker = await ready;
      return attempt(worker, async () => {
        // pair() settles when the person clicks Allow in Teams (up to minutes); report only an
        // immediate refusal here, a later failure shows up in the health line and lastError.
        const pairing = worker.teamsLocal.pair().catch((err: unknown) => {
          worker.lastError = fail(err).error;
          worker.deps.onChange?.();
          throw err;
        });
        await Promise.race([pairing, new Promise((r) => setTimeout(r, 250))]);
        return NONE;
      });
    },

    getSettings: async () => ({ ok: true, settings: await settingsOf(await ready) }),

    saveSettings: async (patch) => {
      const worker = await ready;
      return attempt(worker, async () => {
        // The worker's own settings first, then each source's.
        for (const problem of [checkNoticeSettings(patch), ...worker.sources.map((source) => source.checkSettings?.(patch) ?? null)]) {
          if (problem) throw new Error(problem);
        }
        const next = { ...(await worker.deps.slots.settings.get()), ...patch };
        await worker.deps.slots.settings.set(next);
        await worker.configure(next);
        return { settings: await settingsOf(worker) };
      });
    },

    getMicrosoft: async () => {
      const worker = await ready;
      return { ok: true, microsoft: await microsoftView(worker) };
    },

    signInMicrosoft: async () => {
      const worker = await ready;
      const account = worker.deps.microsoft;
      if (!account) return { ok: false, error: 'Microsoft 365 is not available in this build.' };
      return attempt(worker, async () => (await account.signIn(), { microsoft: await microsoftView(worker) }));
    },

    signOutMicrosoft: async () => {
      const worker = await ready;
      await worker.deps.microsoft?.signOut();
      return { ok: true, microsoft: await microsoftView(worker) };
    },

    connectRelay: async ({ relayUrl, displayName, inviteCode }) => {
      const worker = await ready;
      return attempt(worker, async () => {
        const share = await worker.relay.connect(relayUrl, displayName, worker.deps.timeZone, inviteCode);
        await worker.publishCurrent();
        worker.syncCommands();
        return { share: { url: share.url, level: share.level } };
      });
    },

    disconnectRelay: async () => {
      const worker = await ready;
      const warning = await worker.relay.disconnect();
      worker.syncCommands();
      worker.deps.onChange?.();
      return warning ? { ok: false, error: warning } : ({ ok: true } as Reply);
    },

    setShareLevel: async ({ level }) => {
      const worker = await ready;
      return attempt(worker, async () => ({ share: await worker.relay.updateShare({ level }) }));
    },

    pauseCalendar: async ({ until }) => {
      const worker = await ready;
      if (until !== null && !(Date.parse(until) > worker.deps.now())) return { ok: false, error: 'Pick a time in the future.' };
      return attempt(worker, async () => ({ calendarPausedUntil: await worker.relay.pauseCalendar(until) }));
    },

    rotateShare: async () => {
      const worker = await ready;
      return attempt(worker, async () => ({ share: await worker.relay.updateShare({ rotate: true }) }));
    },

    getMqtt: async () => {
      const worker = await ready;
      const mqtt = await worker.relay.mqtt();
      worker.syncCommands();
      return { ok: true, mqtt: mqtt && { enabled: mqtt.enabled, name: mqtt.name, entities: mqtt.entities, brokerConfigured: mqtt.brokerConfigured } };
    },

    setMqtt: async (input) => {
      const worker = await ready;
      return attempt(worker, async () => {
        const mqtt = await worker.relay.setMqtt(input);
        worker.syncCommands();
        return { mqtt: { enabled: mqtt.enabled, name: mqtt.name, entities: mqtt.entities, brokerConfigured: mqtt.brokerConfigured } };
      });
    },

    getTimeline: async ({ day }) => {
      const worker = await ready;
      const bounds = dayBounds(day);
      if (!bounds) return { ok: false, error: `"${day}" is not a day (expected YYYY-MM-DD).` };
      const end = Math.min(bounds.endMs, worker.deps.now());
      if (end <= bounds.startMs) return { ok: true, segments: [] };
      const { before, rows } = await worker.history.window(bounds.startMs, end);
      return { ok: true, segments: buildTimeline(before, rows, bounds.startMs, end) };
    },
  };
}
