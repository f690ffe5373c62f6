import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Proposal } from './matching-run';

/** A cohort of the WEOP mentorship programme: members apply between the dates, a run matches them. */
@Entity({ tableName: 'programme' })
export class Programme {
  [OptionalProps]?: 'requiredAttendancePercent';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'timestamptz' }) applicationsOpenAt!: Date;
  @Property({ type: 'timestamptz' }) applicationsCloseAt!: Date;
  @Property({ type: 'uuid' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  /** The share of held sessions a mentee must attend to complete the cohort. */
  @Property({ type: 'integer' }) requiredAttendancePercent = 75;
}

@Entity({ tableName: 'programme_application' })
export class ProgrammeApplication {
  @PrimaryKey({ type: 'uuid' }) programmeId!: string;
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @PrimaryKey({ type: 'text' }) role!: 'mentor' | 'mentee';
  @Property({ type: 'timestamptz' }) appliedAt!: Date;
}

/** One matching run: the proposals as computed, kept for the admin to adjust and publish. */
@Entity({ tableName: 'matching_run' })
export class MatchingRun {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) programmeId!: string;
  @Property({ type: 'text' }) status!: 'proposed' | 'published';
  @Property({ type: 'text' }) method!: string;
  @Property({ type: 'double' }) totalScore!: number;
  @Property({ type: 'double' }) greedyScore!: number;
  /** No assignment of the cohort reaches more (matching-bound.ts); null for runs made before it was kept. */
  @Property({ type: 'double', nullable: true }) qualityBound!: number | null;
  @Property({ type: 'jsonb' }) proposals!: Proposal[];
  @Property({ type: 'jsonb' }) unmatched!: string[];
  @Property({ type: 'uuid' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
}
