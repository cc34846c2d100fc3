import type { GraphReport } from '../../../core';
import { LIMITS } from '../../../core';
import type { SourceLine } from '../../shared/messages';
import type { SourceContext, StatusSource } from '../source';
import type { MicrosoftAccount } from './account';
import { graphClient } from './graph-client';
import { GraphPoller } from './poller';
import { checkMicrosoftSettings } from './settings';
import type { StatusWriteBack } from './write-back';

/** How often presence is read (Graph's budget is 1,500 requests / 30 s per app per tenant). */
export const PRESENCE_POLL_MS = 30_000;

interface GraphPresence {
  availability?: unknown;
  activity?: unknown;
  statusMessage?: { message?: { content?: unknown; contentType?: unknown } | null } | null;
}

/** Graph adds values over time: keep any single word as it is; anything else reads PresenceUnknown. */
const word = (v: unknown) => (typeof v === 'string' && /^[A-Za-z]{1,64}$/.test(v) ? v : 'PresenceUnknown');

/** A status message as plain text: HTML tags and control characters out, within the relay's limit. */
function plainMessage(m: GraphPresence['statusMessage']): string | undefined {
  const content = m?.message?.content;
  if (typeof content !== 'string') return undefined;
  const text = (m?.message?.contentType === 'html' ? content.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ') : content)
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, LIMITS.message) : undefined;
}

/** GET /me/presence's body → the `graph` report. */
export function toGraphReport(p: GraphPresence, observedAt: string): GraphReport {
  const report: GraphReport = { observedAt, availability: word(p.availability), activity: word(p.activity) };
  const message = plainMessage(p.statusMessage);
  if (message) report.statusMessage = message;
  return report;
}

/** Microsoft 365 presence: GET /me/presence every 30 s while signed in → the `graph` report. */
export function graphPresenceSource(context: SourceContext, account: MicrosoftAccount, opts: { intervalMs?: number; writeBack?: StatusWriteBack } = {}): StatusSource<'graph'> {
  const intervalMs = opts.intervalMs ?? PRESENCE_POLL_MS;
  const writeBack = opts.writeBack;
  let report: GraphReport | null = null;
  let withdraw = false;
  let listener: () => void = () => undefined;
  const client = () => graphClient(account);
  const poller = new GraphPoller({
    context,
    account,
    intervalMs,
    permission: 'Presence.Read',
    async read() {
      const body = (await client().api('/me/presence').get()) as GraphPresence;
      const read = toGraphReport(body, new Date(context.now()).toISOString());
      return () => {
        report = read;
        withdraw = false;
      };
    },
    changed: () => listener(),
  });
  return {
    id: 'graph-presence',
    publishes: 'graph',
    // The account is shared with the calendar; this source applies its settings for both.
    configure: async (settings) => {
      if (writeBack) writeBack.enabled = settings.graphWriteBack;
      await account.configure(settings);
    },
    onStatus: (status) => void writeBack?.onStatus(status),
    checkSettings: (patch) => checkMicrosoftSettings(patch),
    start: async () =>
      poller.followAccount(() => {
        report = null;
        withdraw = true;
      }),
    stop: () => poller.setActive(false),
    health(): SourceLine {
      const v = account.view();
      const base = { id: 'graph-presence', name: 'Microsoft 365', updatedAt: poller.lastOkAt ? new Date(poller.lastOkAt).toISOString() : null };
      if (!v.signedIn) return { ...base, words: v.problem ? 'Sign-in needed' : 'Not signed in', tone: v.problem ? 'bad' : 'off', detail: v.problem };
      const who = `Signed in as ${v.name ?? ''}${v.email ? ` (${v.email})` : ''}`;
      if (poller.problem) return { ...base, words: who, tone: 'bad', detail: poller.problem };
      if (writeBack?.problem) return { ...base, words: who, tone: 'bad', detail: writeBack.problem };
      return { ...base, words: who, tone: report ? 'ok' : 'wait', detail: report ? null : 'Reading presence…' };
    },
    current: () => ({ report, clear: withdraw }),
    onChange: (l) => void (listener = l),
    wantsKeepAlive: () => false,
    onAlarm: (name) => (name === 'poll' ? poller.due() : Promise.resolve()),
    refresh: () => void poller.due(true),
  };
}
