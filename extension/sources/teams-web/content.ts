import { channelAlive, listenToWorker, sendToWorker } from '../../platform/content-channel';
import { performAction } from './actions';
import { parseTeamsPage } from './parse-call-state';
import { createUpdateGate } from './update-gate';
import { watchPage } from './watch-page';

/**
 * Content script on the Teams web client: reads the page, tells the worker when the reading
 * changes (plus a heartbeat), and clicks Teams' controls on the worker's request.
 * The worker also injects this into Teams tabs that were open before install, so a second copy
 * in the same tab must do nothing; a copy left over from an older install must stand down.
 */
const FLAG = '__teamsStatusWebContent';
const TAKEOVER_EVENT = 'teams-status:content-takeover';

type Marked = typeof window & { [FLAG]?: true };

function start(): void {
  // Copies from an older install live in another JS world but share the DOM: tell them to stop.
  document.dispatchEvent(new CustomEvent(TAKEOVER_EVENT));

  const gate = createUpdateGate();
  let stopped = false;

  const tick = () => {
    if (stopped) return;
    if (!channelAlive()) return stop();
    const decision = gate.offer(parseTeamsPage(document), Date.now());
    if (!decision) return;
    void sendToWorker('teamsWebUpdate', decision).then((reply) => {
      if (!reply.ok) gate.forget();
    });
  };

  const stopWatching = watchPage(document, tick);
  const stopListening = listenToWorker({
    teamsWebAction: async ({ action }) => {
      const reply = await performAction(document, action);
      tick();
      return reply;
    },
    teamsWebPing: async () => ({ ok: true, snapshot: parseTeamsPage(document) }),
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    stopWatching();
    try {
      stopListening();
    } catch {
      // An orphaned copy cannot reach the browser API any more; nothing to unregister.
    }
    document.removeEventListener(TAKEOVER_EVENT, stop);
  }

  // Registered after our own dispatch, so only later copies stop this one.
  document.addEventListener(TAKEOVER_EVENT, stop);
  tick();
}

const marked = window as Marked;
if (!marked[FLAG]) {
  marked[FLAG] = true;
  start();
}
