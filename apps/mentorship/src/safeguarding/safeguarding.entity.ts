import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Guideline, ReportStatus } from '@weop/contracts';

/** A report one of the pair filed about the mentorship; trust-safety takes it from the event. */
@Entity({ tableName: 'mentorship_report' })
export class MentorshipReport {
  [OptionalProps]?: 'status';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) mentorshipId!: string;
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details!: string | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'text' }) status: ReportStatus = 'received';
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A confidential exit survey: programme administrators read it; the other side never does. */
@Entity({ tableName: 'exit_survey' })
export class ExitSurvey {
  @PrimaryKey({ type: 'uuid' }) mentorshipId!: string;
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid', nullable: true }) programmeId!: string | null;
  @Property({ type: 'text' }) side!: 'mentor' | 'mentee';
  @Property({ type: 'integer' }) rating!: number;
  @Property({ type: 'boolean' }) feltSafe!: boolean;
  @Property({ type: 'boolean' }) wouldRecommend!: boolean;
  @Property({ type: 'text' }) comments!: string;
  @Property({ type: 'timestamptz' }) submittedAt!: Date;
}
