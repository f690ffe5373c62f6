/** Every kind of content in one table: what they share is columns, what one type adds is `details`. */
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ContentStatus, ContentType } from '@weop/contracts';

export type Visibility = 'visible' | 'hidden' | 'removed';

/** Type-specific fields, kept as JSON: jobs' salary, events' place, publications' authors… */
export interface ContentDetails {
  // jobs
  organization?: string;
  city?: string | null;
  remote?: boolean;
  howToApply?: string;
  salaryMin?: number | null;
  salaryMax?: number | null;
  currency?: string | null;
  deadline?: string | null;
  // events
  kind?: string;
  endsAt?: string;
  timeZone?: string;
  online?: boolean;
  link?: string | null;
  place?: string | null;
  capacity?: number;
  waitlist?: boolean;
  // publications and resources
  authors?: string[];
  year?: number;
  licence?: string;
  url?: string | null;
  // discussions
  topic?: string;
}

@Entity({ tableName: 'content_item' })
export class ContentItem {
  [OptionalProps]?: 'tags' | 'country' | 'visibility' | 'visibilityVersion' | 'frozen' | 'details' | 'publishedAt' | 'expiresAt' | 'startsAt'
    | 'originalityAttestedAt' | 'rightsAttestedAt' | 'reviewReason' | 'commentCount' | 'downloadCount' | 'likeCount' | 'insightfulCount'
    | 'supportCount' | 'registeredCount' | 'waitlistCount' | 'updatedAt' | 'deletedAt';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) type!: ContentType;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'text' }) title!: string;
  /** Markdown as she wrote it; `bodyHtml` is it rendered and sanitised, `plain` its text for search and excerpts. */
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'text' }) bodyHtml!: string;
  @Property({ type: 'text' }) plain!: string;
  @Property({ type: 'text[]' }) tags: string[] = [];
  @Property({ type: 'text' }) language!: string;
  @Property({ type: 'text', nullable: true }) country: string | null = null;
  @Property({ type: 'text' }) status!: ContentStatus;
  /** Trust-safety's say: hidden pending review, removed by a decision. */
  @Property({ type: 'text' }) visibility: Visibility = 'visible';
  @Property({ type: 'integer' }) visibilityVersion = 0;
  /** Her open jobs and events while she is suspended or expelled. */
  @Property({ type: 'boolean' }) frozen = false;
  @Property({ type: 'jsonb' }) details: ContentDetails = {};
  @Property({ type: 'timestamptz', nullable: true }) publishedAt: Date | null = null;
  /** Jobs: 30 days after publishing or the deadline, whichever is first. */
  @Property({ type: 'timestamptz', nullable: true }) expiresAt: Date | null = null;
  /** Events. */
  @Property({ type: 'timestamptz', nullable: true }) startsAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) originalityAttestedAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) rightsAttestedAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) reviewReason: string | null = null;
  @Property({ type: 'integer' }) commentCount = 0;
  @Property({ type: 'integer' }) downloadCount = 0;
  @Property({ type: 'integer' }) likeCount = 0;
  @Property({ type: 'integer' }) insightfulCount = 0;
  @Property({ type: 'integer' }) supportCount = 0;
  @Property({ type: 'integer' }) registeredCount = 0;
  @Property({ type: 'integer' }) waitlistCount = 0;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) deletedAt: Date | null = null;
}

/**
 * Stamps a change to a locked item: `at`, or just after its last stamp when that is later. The stamp is
 * `changedAt` in the item's events, which consumers (feeds, cohort sessions) order by, newest wins; two
 * replicas whose clocks disagree would otherwise stamp a later change earlier, and its event would lose.
 * The row lock every change takes makes the stamps of one item strictly increase.
 */
export function touch(item: { updatedAt: Date }, at: Date = new Date()): Date {
  item.updatedAt = new Date(Math.max(at.getTime(), item.updatedAt.getTime() + 1));
  return item.updatedAt;
}

/** Comments on blogs and replies in discussions. */
@Entity({ tableName: 'comment' })
export class Comment {
  [OptionalProps]?: 'visibility' | 'visibilityVersion' | 'deletedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) itemId!: string;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'text' }) bodyHtml!: string;
  @Property({ type: 'text' }) visibility: Visibility = 'visible';
  @Property({ type: 'integer' }) visibilityVersion = 0;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) deletedAt: Date | null = null;
}

/** A publication's or resource's document. */
@Entity({ tableName: 'stored_file' })
export class StoredFile {
  @PrimaryKey({ type: 'uuid' }) itemId!: string;
  @Property({ type: 'text' }) storageKey!: string;
  @Property({ type: 'text' }) filename!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** The public name of an author, as identity last announced it. */
@Entity({ tableName: 'member' })
export class Member {
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) displayName!: string;
  @Property({ type: 'text', nullable: true }) country!: string | null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'event_registration' })
export class EventRegistration {
  @PrimaryKey({ type: 'uuid' }) eventId!: string;
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) status!: 'registered' | 'waitlisted';
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}
