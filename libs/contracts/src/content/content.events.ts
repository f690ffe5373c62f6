import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CONTENT_TYPES } from './content.requests';
import type { ContentType } from './content.requests';

/** An item became visible to members (for feeds of her connections, notifications). */
export class ContentPublishedV1 {
  static readonly subject = 'content.item.published.v1';
  @IsUUID() itemId!: string;
  @IsIn(CONTENT_TYPES) type!: ContentType;
  @IsUUID() authorId!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(20) language!: string;
  @IsISO8601() publishedAt!: string;
  /** When an event takes place (events only; optional, so consumers of the first shape still accept it). */
  @IsOptional() @IsISO8601() startsAt?: string;
}

/**
 * A member commented on a blog post or replied in a discussion: community tells the item's author
 * (never herself). No comment text: the link leads to it, where visibility rules still apply.
 */
export class ContentCommentCreatedV1 {
  static readonly subject = 'content.comment.created.v1';
  @IsUUID() commentId!: string;
  @IsUUID() itemId!: string;
  @IsIn(CONTENT_TYPES) itemType!: ContentType;
  @IsUUID() itemAuthorId!: string;
  @IsUUID() commentAuthorId!: string;
  /** The item's path in the API, e.g. `/blogs/<id>`. */
  @IsString() @MaxLength(200) link!: string;
  @IsISO8601() createdAt!: string;
}
