/** Who may see and change an item: the rules every route of content applies the same way. */
import { isStaff } from '@weop/contracts';
import type { Principal } from '@weop/contracts';
import type { ContentItem } from './content-item.entity';

export { isStaff };

/** Published, not hidden or removed by moderation, not frozen, and (jobs) not past expiry. */
export function isPublic(item: ContentItem, now = new Date()): boolean {
  return (
    item.deletedAt === null &&
    item.status === 'published' &&
    item.visibility === 'visible' &&
    !item.frozen &&
    !(item.type === 'job' && item.expiresAt !== null && item.expiresAt <= now)
  );
}

/**
 * Discussions are for signed-in members; everything else published is public. The author sees her
 * own items in every state but removed; staff see everything. Anyone else gets a 404, never a 403,
 * so that the existence of a draft or a hidden post is not revealed.
 */
export function canSee(item: ContentItem, viewer: Principal | null): boolean {
  if (item.deletedAt !== null) return false;
  if (isStaff(viewer)) return true;
  if (item.visibility === 'removed') return false;
  if (viewer && viewer.accountId === item.authorId) return true;
  if (item.type === 'discussion' && !viewer) return false;
  // An expired or closed job stays readable by link, with its status; lists leave it out.
  const ended = (item.type === 'job' && (item.status === 'expired' || item.status === 'closed')) || (item.type === 'event' && item.status === 'cancelled');
  if (ended) return item.publishedAt !== null && item.visibility === 'visible' && !item.frozen;
  return isPublic(item);
}

export const isAuthor = (item: ContentItem, viewer: Principal | null): boolean => Boolean(viewer && viewer.accountId === item.authorId);
