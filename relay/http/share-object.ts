import type { Share } from '../../core';
import type { UserRecord } from '../store/store';

export function shareUrl(publicUrl: string, shareId: string): string {
  return `${publicUrl}/s/${encodeURIComponent(shareId)}`;
}

export function shareOf(user: UserRecord, publicUrl: string): Share {
  return { id: user.shareId, url: shareUrl(publicUrl, user.shareId), level: user.shareLevel };
}
