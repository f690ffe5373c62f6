/**
 * `canSee` plus blocks: between two members of whom either blocked the other, neither's items exist
 * for the other (a 404, as for a draft, so she learns nothing of the blocker's content). Staff are
 * not held by blocks (moderation must see everything); anonymous readers have none.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '@weop/contracts';
import type { ContentType, Principal } from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { canSee, isStaff } from './content-access';
import type { ContentItem } from './content-item.entity';

/** The member whose lists leave out everyone she blocked or who blocked her; none for anonymous readers and staff. */
export const blocksApplyTo = (viewer: Principal | null): string | undefined => (viewer && !isStaff(viewer) ? viewer.accountId : undefined);

@Injectable()
export class ItemAccess {
  constructor(private readonly blocks: BlocksProjection) {}

  async canSee(em: EntityManager, item: ContentItem, viewer: Principal | null): Promise<boolean> {
    if (!canSee(item, viewer)) return false;
    const member = blocksApplyTo(viewer);
    return !member || member === item.authorId || !(await this.blocks.between(em, member, item.authorId));
  }

  /** The item when the viewer may see it, else 404. */
  async visible(em: EntityManager, item: ContentItem | null, type: ContentType, viewer: Principal | null): Promise<ContentItem> {
    if (!item || item.type !== type || !(await this.canSee(em, item, viewer))) throw notFound(`The ${type}`);
    return item;
  }
}
