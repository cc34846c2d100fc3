import { randomBytes } from 'node:crypto';
import { INVITE_PATH, ORG_LIMITS, type InviteResponse, type RegisterResponse } from '../../core';
import { hashSecret, newToken, parseToken, sameHash } from '../auth/secrets';
import { shareOf } from '../http/share-object';
import type { Store, UserRecord } from '../store/store';

const DAY_MS = 86_400_000;
/** The secret half of an invite code: 256 bits, far above the contract's 128-bit floor. */
const CODE_SECRET_BYTES = 32;
/** Compare-and-set rounds before giving up on an entry that keeps changing. */
const MAX_ATTEMPTS = 5;


/**
 * One-time invite codes for roster entries. A code is `<userId>.<secret>` like a token; only
 * the secret's hash is kept, on the entry, with its expiry. Redeeming gives the entry a token
 * by compare-and-set, so of two redemptions racing on any replicas exactly one wins.
 */
export class Invites {
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string,
    private readonly now: () => number,
  ) {}

  /** A new code for the entry (any older one stops working); null when the entry changed meanwhile. */
  async create(user: UserRecord): Promise<InviteResponse | null> {
    const secret = randomBytes(CODE_SECRET_BYTES).toString('base64url');
    const code = `${user.userId}.${secret}`;
    const expiresAt = new Date(this.now() + ORG_LIMITS.inviteDays * DAY_MS).toISOString();
    const roster = user.roster ?? { entraId: null, department: null, invite: null };
    const next: UserRecord = { ...user, roster: { ...roster, invite: { codeHash: hashSecret(secret), expiresAt } } };
    const failed = await this.store.writeUsers([{ previous: user, next }]);
    if (failed.length > 0) return null;
    return { url: `${this.publicUrl}${INVITE_PATH}${code}`, code, expiresAt };
  }

  /** The entry's new token and share, or null for a used, expired, unknown or malformed code (all one 404). */
  async redeem(code: string): Promise<RegisterResponse | null> {
    const parts = parseToken(code);
    if (!parts) return null;
    const codeHash = hashSecret(parts.secret);
    // The entry may change under us for other reasons (a roster import renaming it): read again
    // then. A redemption that won meanwhile cleared the invite, so the next check says 404.
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const user = await this.store.getUser(parts.userId);
      const invite = user?.roster?.invite;
      if (!user || !invite) return null;
      if (!sameHash(codeHash, invite.codeHash) || Date.parse(invite.expiresAt) <= this.now()) return null;
      const { token, tokenHash } = newToken(user.userId);
      const next: UserRecord = { ...user, tokenHash, roster: { ...user.roster!, invite: null } };
      if ((await this.store.writeUsers([{ previous: user, next }])).length === 0) return { userId: user.userId, token, share: shareOf(next, this.publicUrl) };
    }
    return null;
  }
}
