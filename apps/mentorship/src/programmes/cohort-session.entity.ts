import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CohortSessionKind } from '@weop/contracts';

/**
 * An event of content, as mentorship knows it from `content.item.published.v1`, `updated.v1` (title,
 * date) and `withdrawn.v1` (no longer public).
 */
@Entity({ tableName: 'content_event' })
export class ContentEvent {
  [OptionalProps]?: 'withdrawnAt';
  @PrimaryKey({ type: 'uuid' }) itemId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'timestamptz', nullable: true }) startsAt!: Date | null;
  @Property({ type: 'timestamptz' }) publishedAt!: Date;
  /** When content last changed it: an older event of the same item is not applied. */
  @Property({ type: 'timestamptz' }) changedAt!: Date;
  /** Unpublished, deleted or cancelled: no longer attachable. */
  @Property({ type: 'timestamptz', nullable: true }) withdrawnAt: Date | null = null;
}

/** A training session, webinar or workshop attached to a cohort. */
@Entity({ tableName: 'cohort_session' })
export class CohortSession {
  @PrimaryKey({ type: 'uuid' }) programmeId!: string;
  @PrimaryKey({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) kind!: CohortSessionKind;
  @Property({ type: 'uuid' }) attachedBy!: string;
  @Property({ type: 'timestamptz' }) attachedAt!: Date;
}

/** One participant attended one session (absence is the row's absence). */
@Entity({ tableName: 'session_attendance' })
export class SessionAttendance {
  @PrimaryKey({ type: 'uuid' }) programmeId!: string;
  @PrimaryKey({ type: 'uuid' }) eventId!: string;
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid' }) recordedBy!: string;
  @Property({ type: 'timestamptz' }) recordedAt!: Date;
}

/** The certificate a mentee earned: issued once, so every download shows the same number and date. */
@Entity({ tableName: 'programme_certificate' })
export class ProgrammeCertificate {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) programmeId!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'timestamptz' }) issuedAt!: Date;
}
