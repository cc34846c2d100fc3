import type { GraphApp } from '../../graph/graph-app';
import { sendBatched, type BatchRequest } from '../../graph/batch';
import type { Services } from '../../services/services';
import type { Store, UserRecord } from '../../store/store';
import { LeaseLostError, UnknownUserError } from '../../store/store';
import type { Exclusive, Job, JobOutcome, JobRunContext } from '../job';
import { publishAll } from '../publish-all';
import { EdgeScheduler, type ReadSchedule } from './edge-scheduler';
import { calendarReport, type ScheduleItem } from './schedule-blocks';

/** Addresses per getSchedule request (Graph's limit). */
export const SCHEDULES_PER_REQUEST = 20;
/** How far ahead each sync looks: far enough to always know the next block of a working day. */
const HORIZON_MS = 12 * 3_600_000;

interface ScheduleInformation {
  scheduleId?: string;
  scheduleItems?: ScheduleItem[];
  error?: { message?: string; responseCode?: string };
}

const graphTime = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });

function errorText(body: unknown, status: number): { code: string; message: string } {
  const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return { code: e?.code ?? `http_${status}`, message: e?.message ?? `Graph answered ${status}` };
}

/**
 * `calendar`: free/busy for every roster person with an email, as getSchedule requests of 20
 * addresses inside `$batch`es of 20 (400 people per HTTP round trip), several batches in flight
 * (GRAPH_MAX_CONCURRENCY). Each person gets a `calendar` report with the block under way and
 * the next one; the relay re-resolves at each block's edge (nextChangeAt), so a meeting ending
 * at 11:00 changes the status at 11:00. A mailbox error is that person's alone.
 */
export function calendarJob(deps: { graph: GraphApp; store: Store; services: Services; now: () => number; everyMs: number; exclusive: Exclusive }): Job {
  // Between runs, each block edge is written when it happens, under the job's lease.
  const edges = new EdgeScheduler((people, atMs) =>
    deps
      .exclusive(async ({ fence }) => {
        await Promise.all(
          people.map(({ user, items }) =>
            deps.services.publisher.publish(user, 'calendar', calendarReport(items, atMs), fence).catch((err: unknown) => {
              if (err instanceof LeaseLostError || err instanceof UnknownUserError) return;
              throw err;
            }),
          ),
        );
      })
      .then(() => undefined)
      // The next run writes everyone again; an edge that could not be written waits for it.
      .catch(() => undefined),
    deps.now,
  );
  return {
    name: 'calendar',
    everyMs: deps.everyMs,
    summary: (c) => `${c.synced}/${c.people} people's calendars synced, ${c.requests} Graph requests, ${c.throttled} throttled retries, ${c.errors} errors`,
    stop: () => edges.stop(),
    async run(ctx: JobRunContext): Promise<JobOutcome> {
      const people = (await deps.store.listRoster()).filter((u): u is UserRecord & { email: string } => !!u.email);
      const chunks: (UserRecord & { email: string })[][] = [];
      for (let i = 0; i < people.length; i += SCHEDULES_PER_REQUEST) chunks.push(people.slice(i, i + SCHEDULES_PER_REQUEST));
      const start = deps.now();
      const requests: BatchRequest[] = chunks.map((chunk) => ({
        method: 'POST',
        // Any mailbox of the organisation can ask for everyone's free/busy with Calendars.Read.
        url: `/users/${encodeURIComponent(chunk[0]!.roster?.entraId ?? chunk[0]!.email)}/calendar/getSchedule`,
        body: { schedules: chunk.map((p) => p.email), startTime: graphTime(start), endTime: graphTime(start + HORIZON_MS), availabilityViewInterval: 60 },
      }));
      const before = deps.graph.requestCount;
      const stats = { throttled: 0 };
      let done = 0;
      const read: ReadSchedule[] = [];
      await sendBatched(
        deps.graph,
        requests,
        async (index, answer) => {
          const chunk = chunks[index]!;
          const values = answer.status === 200 ? ((answer.body as { value?: ScheduleInformation[] } | null)?.value ?? []) : [];
          const byAddress = new Map(values.map((v) => [v.scheduleId?.toLowerCase(), v]));
          const writes = chunk.flatMap((person) => {
            if (answer.status !== 200) {
              ctx.personError({ email: person.email, ...errorText(answer.body, answer.status) });
              return [];
            }
            const info = byAddress.get(person.email.toLowerCase());
            if (!info || info.error) {
              ctx.personError({ email: person.email, code: info?.error?.responseCode ?? 'no_schedule', message: info?.error?.message ?? 'Graph returned no schedule for this address' });
              return [];
            }
            read.push({ user: person, items: info.scheduleItems ?? [] });
            return [{ user: person, report: calendarReport(info.scheduleItems ?? [], deps.now()) }];
          });
          await publishAll(deps.services, 'calendar', writes, ctx);
          done += chunk.length;
          ctx.progress(done, people.length);
        },
        { stats, signal: ctx.signal },
      );
      ctx.throttled(stats.throttled);
      edges.schedule(read, start, start + deps.everyMs);
      return { people: people.length, requests: deps.graph.requestCount - before };
    },
  };
}

