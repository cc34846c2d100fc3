/** One process holds everything in the embedded store, so leases live in memory (a restart frees them). */
export class EmbeddedLeases {
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  acquire(name: string, holder: string, ttlMs: number): boolean {
    const now = this.now();
    const lease = this.leases.get(name);
    if (lease && lease.holder !== holder && lease.expiresAt > now) return false;
    this.leases.set(name, { holder, expiresAt: now + ttlMs });
    return true;
  }

  release(name: string, holder: string): void {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
}
