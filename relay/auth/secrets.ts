import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: the secret half of a person's token (256 bits). */
const SECRET_BYTES = 32;
/** Share ids carry 144 bits, above the contract's 128-bit floor. */
const SHARE_ID_BYTES = 18;
const USER_ID_BYTES = 12;

const B64URL = /^[A-Za-z0-9_-]+$/;

export function newUserId(): string {
  return randomBytes(USER_ID_BYTES).toString('base64url');
}

export function newShareId(): string {
  return randomBytes(SHARE_ID_BYTES).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A fresh token `<userId>.<secret>` and the hash the store keeps instead of the secret. */
export function newToken(userId: string): { token: string; tokenHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${userId}.${secret}`, tokenHash: hashSecret(secret) };
}

/** Split a bearer token; null when it cannot be one of ours. */
export function parseToken(token: string): { userId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return null;
  const userId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!B64URL.test(userId) || !B64URL.test(secret) || secret.length < 43) return null;
  return { userId, secret };
}

/** Constant-time comparison of two hex SHA-256 digests (or of anything after hashing). */
export function sameHash(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  if (a.length !== 32 || b.length !== 32) return false;
  return timingSafeEqual(a, b);
}

/** Constant-time equality of two arbitrary strings, by comparing their digests. */
export function sameSecret(given: string, expected: string): boolean {
  return sameHash(hashSecret(given), hashSecret(expected));
}

/** The value of `Authorization: Bearer <x>`, or null. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
