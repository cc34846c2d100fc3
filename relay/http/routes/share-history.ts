import { isoTime } from '../../../core';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { RouteContext } from '../router';
import { shareOwner } from '../share-owner';

const DAY_MS = 86_400_000;

function timeParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!isoTime.safeParse(raw).success) throw new HttpError('invalid_field', `${name} must be an ISO 8601 time with a zone`, name);
  return Date.parse(raw);
}

interface HistoryItem {
  at: string;
  availability: string;
  activity: string;
  /** null at level basic: whether someone is in a call is not shared there. */
  inCall: boolean | null;
}

/** GET /api/v1/s/:shareId/history?from=&to= — oldest first; default the last 24 h. */
export async function historyRoute({ res, params, url }: RouteContext, deps: Deps): Promise<void> {
  const now = deps.now();
  const to = timeParam(url, 'to', now);
  const from = timeParam(url, 'from', to - DAY_MS);
  if (from > to) throw new HttpError('invalid_field', 'from must not be after to', 'from');
  const user = await shareOwner(deps, params.shareId);
  const earliest = now - deps.config.historyDays * DAY_MS;
  const entries = await deps.store.history(user.userId, Math.max(from, earliest), to);
  let items: HistoryItem[];
  if (user.shareLevel === 'detailed') {
    items = entries.map((e) => ({ at: e.at, availability: e.availability, activity: e.activity, inCall: e.inCall }));
  } else {
    // Basic shares say only how available someone is; drop entries that differ in nothing else.
    items = [];
    for (const e of entries) {
      if (items.at(-1)?.availability === e.availability) continue;
      items.push({ at: e.at, availability: e.availability, activity: e.availability, inCall: null });
    }
  }
  sendJson(res, 200, { items });
}
