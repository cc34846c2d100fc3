import type { GraphApp } from '../../graph/graph-app';
import { Permits } from '../../graph/permits';
import type { Services } from '../../services/services';
import type { Store, UserRecord } from '../../store/store';
import type { Job, JobOutcome, JobRunContext } from '../job';
import { publishAll } from '../publish-all';
import { RequestWindow } from './request-window';

/** Graph's limit of ids per getPresencesByUserId call. */
export const IDS_PER_CALL = 650;
/** Graph's presence budget: 1,500 requests per 30 s per app per tenant. */
export const PRESENCE_BUDGET = { requests: 1500, windowMs: 30_000 } as const;

interface PresenceItem {
  id?: string;
  availability?: string;
  activity?: string;
}

/**
 * `presence`: Teams presence for every roster person with an Entra id, 650 ids per
 * getPresencesByUserId call (10,000 people: 16 calls), under Graph's 1,500 requests per 30 s,
 * written as each person's `graph` report. Single requests: the SDK's RetryHandler retries 429s.
 */
export function presenceJob(deps: { graph: GraphApp; store: Store; services: Services; now: () => number; everyMs: number }): Job {
  // One budget for the app, across runs (a run right after another shares the same 30 s).
  const budget = new RequestWindow(PRESENCE_BUDGET.requests, PRESENCE_BUDGET.windowMs);
  return {
    name: 'presence',
    everyMs: deps.everyMs,
    summary: (c) => `${c.synced}/${c.people} people's Teams presence synced, ${c.requests} Graph requests, ${c.throttled} throttled retries, ${c.errors} errors`,
    async run(ctx: JobRunContext): Promise<JobOutcome> {
      const people = (await deps.store.listRoster()).filter((u) => !!u.roster?.entraId);
      const before = deps.graph.requestCount;
      const permits = new Permits(deps.graph.settings.maxConcurrency);
      let done = 0;
      const calls: UserRecord[][] = [];
      for (let i = 0; i < people.length; i += IDS_PER_CALL) calls.push(people.slice(i, i + IDS_PER_CALL));
      await Promise.all(
        calls.map((chunk) =>
          permits.use(async () => {
            if (ctx.signal.aborted) return;
            await budget.take(ctx.signal);
            let value: PresenceItem[];
            try {
              const reply = (await deps.graph.client.api('/communications/getPresencesByUserId').post({ ids: chunk.map((p) => p.roster!.entraId) })) as { value?: PresenceItem[] };
              value = reply.value ?? [];
            } catch (err) {
              const message = err instanceof Error ? err.message : String(err);
              for (const p of chunk) ctx.personError({ email: p.email ?? p.userId, code: 'graph_unavailable', message });
              return;
            }
            const byId = new Map(value.map((v) => [v.id?.toLowerCase(), v]));
            const observedAt = new Date(deps.now()).toISOString();
            const writes = chunk.flatMap((user) => {
              const v = byId.get(user.roster!.entraId!.toLowerCase());
              if (!v?.availability || !v.activity) {
                ctx.personError({ email: user.email ?? user.userId, code: 'no_presence', message: 'Graph returned no presence for this Entra id' });
                return [];
              }
              return [{ user, report: { observedAt, availability: v.availability, activity: v.activity } }];
            });
            await publishAll(deps.services, 'graph', writes, ctx);
            done += chunk.length;
            ctx.progress(done, people.length);
          }),
        ),
      );
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const requests = deps.graph.requestCount - before;
      // Whatever was sent beyond one request per call was the RetryHandler answering a 429/503.
      ctx.throttled(Math.max(0, requests - calls.length));
      return { people: people.length, requests };
    },
  };
}
