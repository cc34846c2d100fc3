import type { AnyReport, SourceName } from '../../core';
import type { Services } from '../services/services';
import { LeaseLostError, UnknownUserError, type UserRecord } from '../store/store';
import type { JobRunContext } from './job';

/**
 * Write a job's reports for many people at once, fenced by the run's lease grant, as ordinary
 * reports (same checks and precedence as the extension's). A person deleted meanwhile is
 * skipped; a lost lease stops the run (LeaseLostError propagates).
 */
export async function publishAll(services: Services, source: SourceName, writes: readonly { user: UserRecord & { email: string | null }; report: AnyReport }[], ctx: JobRunContext): Promise<void> {
  await Promise.all(
    writes.map(async ({ user, report }) => {
      try {
        await services.publisher.publish(user, source, report, ctx.fence);
        ctx.synced();
      } catch (err) {
        if (err instanceof LeaseLostError) throw err;
        if (err instanceof UnknownUserError) return;
        ctx.personError({ email: user.email ?? user.userId, code: 'write_failed', message: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
}
