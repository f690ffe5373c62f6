import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ContentType, SubjectVisibility } from '@weop/contracts';

/**
 * Something a member published on content, as the feeds of her connections show it (from
 * `content.item.published.v1`, `updated.v1` and `withdrawn.v1`).
 */
@Entity({ tableName: 'feed_item' })
export class FeedItem {
  [OptionalProps]?: 'visibility' | 'withdrawnAt';
  @PrimaryKey({ type: 'uuid' }) itemId!: string;
  @Property({ type: 'text' }) type!: ContentType;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'timestamptz' }) publishedAt!: Date;
  @Property({ type: 'text' }) link!: string;
  /** Trust-safety's word on it: only `visible` items are shown. */
  @Property({ type: 'text' }) visibility: SubjectVisibility = 'visible';
  /** When content last changed the item (its `updatedAt`): an older event of the same item is not applied. */
  @Property({ type: 'timestamptz' }) changedAt!: Date;
  /** No longer public (unpublished, deleted, closed…): not shown; kept without title or link so a late event cannot bring it back. */
  @Property({ type: 'timestamptz', nullable: true }) withdrawnAt: Date | null = null;
}
