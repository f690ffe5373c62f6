import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CONTENT_TYPES } from './content.requests';
import type { ContentType } from './content.requests';

/** What content announces of a public item; published and updated events carry all of it. */
abstract class ContentAnnouncement {
  @IsUUID() itemId!: string;
  @IsIn(CONTENT_TYPES) type!: ContentType;
  @IsUUID() authorId!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(20) language!: string;
  @IsISO8601() publishedAt!: string;
  /** When an event takes place (events only; optional, so consumers of the first shape still accept it). */
  @IsOptional() @IsISO8601() startsAt?: string;
}

/** An item became visible to members (for feeds of her connections, notifications). */
export class ContentPublishedV1 extends ContentAnnouncement {
  static readonly subject = 'content.item.published.v1';
}

/**
 * Why an item members could see is no longer public: its author (or staff) unpublished or deleted it,
 * a job was closed, expired or went back to review after an edit, an event was cancelled. A string,
 * not an enum, so a reason added by a newer release does not make older consumers refuse the event.
 */
export const CONTENT_WITHDRAWAL_REASONS = ['unpublished', 'deleted', 'closed', 'expired', 'cancelled', 'in-review'] as const;
export type ContentWithdrawalReason = (typeof CONTENT_WITHDRAWAL_REASONS)[number];

/**
 * A published item changed what consumers keep of it (title, language, an event's date) and is
 * still published: the whole current announcement, so a consumer that missed the published event
 * can keep it from this one. `changedAt` (the item's `updatedAt`) orders it against the published and
 * withdrawn events of the same item: a consumer applies an event only if it is newer than the last it
 * applied, so a late update never brings back a withdrawn item.
 */
export class ContentUpdatedV1 extends ContentAnnouncement {
  static readonly subject = 'content.item.updated.v1';
  @IsISO8601() changedAt!: string;
}

/**
 * An item members could see is no longer public (see `CONTENT_WITHDRAWAL_REASONS`): feeds and
 * cohorts drop it. Ordered against the item's other events by `changedAt`; a later
 * `content.item.published.v1` (published again) brings it back. Trust-safety's hiding and removal
 * travel separately, as `trust-safety.subject.visibility-changed.v1`; a deleted account is
 * `identity.account.deleted.v1`.
 */
export class ContentWithdrawnV1 {
  static readonly subject = 'content.item.withdrawn.v1';
  @IsUUID() itemId!: string;
  @IsIn(CONTENT_TYPES) type!: ContentType;
  @IsUUID() authorId!: string;
  /** One of `CONTENT_WITHDRAWAL_REASONS` today; consumers must accept others. */
  @IsString() @MaxLength(40) reason!: string;
  @IsISO8601() changedAt!: string;
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
