import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { ContentType, SubjectVisibility } from '@weop/contracts';

/** Something a member published on content, as the feeds of her connections show it (from `content.item.published.v1`). */
@Entity({ tableName: 'feed_item' })
export class FeedItem {
  @PrimaryKey({ type: 'uuid' }) itemId!: string;
  @Property({ type: 'text' }) type!: ContentType;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'timestamptz' }) publishedAt!: Date;
  @Property({ type: 'text' }) link!: string;
  /** Trust-safety's word on it: only `visible` items are shown. */
  @Property({ type: 'text' }) visibility: SubjectVisibility = 'visible';
}
