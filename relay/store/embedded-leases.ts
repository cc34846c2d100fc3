import { LeaseLostError, type Fence } from './store';

/**
 * Job leases of the embedded store. One process holds everything there, so leases and jobs'
 * state live in memory (a restart frees every lease and starts each job afresh). Fencing tokens
 * only ever grow, so a grant that lost its lease can be told apart from the one that took it.
 */
export class EmbeddedLeases {
  private readonly leases = new Map<string, { holder: string; token: number; expiresAt: number }>();
  private readonly fences = new Map<string, number>();
  private readonly jobStates = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  acquire(name: string, holder: string, ttlMs: number): number | null {
    const now = this.now();
    const lease = this.leases.get(name);
    const live = lease && lease.expiresAt > now ? lease : null;
    if (live && live.holder !== holder) return null;
    const token = live ? live.token : (this.fences.get(name) ?? 0) + 1;
    this.fences.set(name, token);
    this.leases.set(name, { holder, token, expiresAt: now + ttlMs });
    return token;
  }

  read(name: string): { holder: string; token: number } | null {
    const lease = this.leases.get(name);
    return lease && lease.expiresAt > this.now() ? { holder: lease.holder, token: lease.token } : null;
  }

  release(name: string, holder: string): void {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  /** Throws LeaseLostError unless `fence`'s grant holds its lease now (no fence: nothing to check). */
  check(fence: Fence | undefined): void {
    if (!fence) return;
    const lease = this.leases.get(fence.lease);
    if (!lease || lease.token !== fence.token || lease.expiresAt <= this.now()) throw new LeaseLostError(fence.lease);
  }

  getJobState(name: string): string | null {
    return this.jobStates.get(name) ?? null;
  }

  setJobState(name: string, value: string, fence: Fence): void {
    this.check(fence);
    this.jobStates.set(name, value);
  }
}
