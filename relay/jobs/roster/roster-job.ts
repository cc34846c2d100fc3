import type { GraphApp } from '../../graph/graph-app';
import { Roster } from '../../org/roster';
import { rosterFromJson } from '../../org/roster-input';
import { LeaseLostError, type Store } from '../../store/store';
import type { Job, JobOutcome, JobRunContext } from '../job';

/** What the roster needs of each Entra user, and Graph's largest page. */
const USERS_PATH = '/users?$select=id,displayName,mail,department,accountEnabled&$top=999';

interface EntraUser {
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
}

/**
 * `roster` (optional, ROSTER_SYNC_MINUTES): the roster follows Entra ID. Every enabled user with
 * a mailbox is upserted (email, display name, Entra id, department); everyone else — disabled
 * accounts, people who left, entries added by hand — is removed, as `PUT /org/people?prune=true`.
 * Pages follow `@odata.nextLink`.
 */
export function rosterJob(deps: { graph: GraphApp; store: Store; now: () => number; everyMs: number }): Job {
  return {
    name: 'roster',
    everyMs: deps.everyMs,
    // People: every directory account read; synced: the enabled mailboxes now in the roster.
    summary: (c) => `${c.synced}/${c.people} directory accounts in the roster, ${c.requests} Graph requests, ${c.throttled} throttled retries, ${c.errors} entries refused`,
    async run(ctx: JobRunContext): Promise<JobOutcome> {
      const before = deps.graph.requestCount;
      const users: EntraUser[] = [];
      for (let next: string | undefined = USERS_PATH; next; ) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const page = (await deps.graph.client.api(next).get()) as { value?: EntraUser[]; '@odata.nextLink'?: string };
        users.push(...(page.value ?? []));
        next = page['@odata.nextLink'];
        ctx.progress(users.length, users.length);
      }
      const enabled = users.filter((u) => u.accountEnabled !== false && u.mail);
      const input = rosterFromJson({ people: enabled.map((u) => ({ email: u.mail, displayName: (u.displayName || u.mail)!.slice(0, 80), entraId: u.id, ...(u.department ? { department: u.department } : {}) })) });
      // A rejection message names its field already ("email must be an email address").
      for (const r of input.rejected) ctx.personError({ email: enabled[r.row]?.mail ?? `row ${r.row}`, code: 'invalid_entry', message: r.message });
      // The roster's writes are compare-and-set but not fenced: check the grant right before them,
      // so a holder that paused while paging (and lost the lease) does not prune from a stale list.
      if ((await deps.store.readLease(ctx.fence.lease))?.token !== ctx.fence.token) throw new LeaseLostError(ctx.fence.lease);
      const result = await new Roster(deps.store, deps.now).import(input, true);
      ctx.synced(result.created + result.updated + result.unchanged);
      return { people: users.length, requests: deps.graph.requestCount - before };
    },
  };
}
