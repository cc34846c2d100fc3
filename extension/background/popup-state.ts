import type { CallView, ManualView, PopupState } from '../shared/messages';
import { toCallPermissions } from '../sources/teams-local';
import type { Worker } from './worker';

/** The call the popup's controls act on: the deciding sensor's, else any sensor in a call. */
export function currentCall(worker: Worker): CallView | null {
  const local = worker.teamsLocal.snapshot();
  const localCall = worker.book.report('teams-local')?.call;
  const web = worker.tabs.winner();
  const candidates: CallView[] = [];
  if (localCall?.inCall && (local.state === 'paired' || local.state === 'unpaired' || local.state === 'pairing')) {
    candidates.push({ ...localCall, via: 'teams-local', permissions: toCallPermissions(local) });
  }
  if (web?.snapshot.state === 'in-call' && web.snapshot.call?.inCall) {
    candidates.push({ ...web.snapshot.call, via: 'teams-web', permissions: web.snapshot.permissions });
  }
  const deciding = worker.book.view(worker.deps.now()).source;
  return candidates.find((c) => c.via === deciding) ?? candidates[0] ?? null;
}

export function popupState(worker: Worker): PopupState {
  const now = worker.deps.now();
  const local = worker.teamsLocal.snapshot();
  const manual = worker.book.report('manual');
  const manualLive = manual && !(manual.until && Date.parse(manual.until) <= now);
  const manualView: ManualView | null = manualLive ? { availability: manual.availability, until: manual.until ?? null, message: manual.message ?? null } : null;
  const connection = worker.relay.connection();
  const share = connection?.share;
  const paused = connection?.calendarPausedUntil ?? null;
  return {
    status: worker.book.view(now),
    health: {
      sources: worker.sources.map((s) => s.health()),
      teamsLocal: { state: local.state, canPair: local.canPair, detail: local.detail },
      teamsWeb: worker.tabs.health(),
      relay: worker.relay.health(),
    },
    call: currentCall(worker),
    manual: manualView,
    share: share ? { url: share.url, level: share.level } : null,
    calendarPausedUntil: paused && Date.parse(paused) > now ? paused : null,
    lastError: worker.lastError,
  };
}
