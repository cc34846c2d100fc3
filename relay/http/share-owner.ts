import type { UserRecord } from '../store/store';
import type { Deps } from './deps';
import { HttpError } from './http-error';

/** The share's owner; 404 for an unknown, rotated or revoked id. */
export async function shareOwner(deps: Deps, shareId: string | undefined): Promise<UserRecord> {
  const user = shareId ? await deps.store.getUserByShareId(shareId) : null;
  if (!user) throw new HttpError('not_found', 'no such share (it may have been rotated or revoked)');
  return user;
}
