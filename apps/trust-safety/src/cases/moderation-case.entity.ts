import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CaseStatus, Guideline, ReportSignal, ReportSubjectType } from '@weop/contracts';

/** One case per reported subject while it is open; every report on the subject joins it. */
@Entity({ tableName: 'moderation_case' })
export class ModerationCase {
  [OptionalProps]?: 'guidelines' | 'reportCount' | 'reporterCount' | 'priority' | 'safetyLane' | 'status' | 'assignee' | 'claimedAt' | 'authorCountry' | 'hidden' | 'weightedReports';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) subjectType!: ReportSubjectType;
  @Property({ type: 'uuid' }) subjectId!: string;
  @Property({ type: 'uuid', nullable: true }) authorId!: string | null;
  /** The author's country as identity last announced it (null until known). */
  @Property({ type: 'text', nullable: true }) authorCountry: string | null = null;
  /** The subject as the first reporter saw it. */
  @Property({ type: 'jsonb' }) snapshot!: Record<string, unknown>;
  @Property({ type: 'text[]' }) guidelines: Guideline[] = [];
  @Property({ type: 'integer' }) reportCount = 0;
  @Property({ type: 'integer' }) reporterCount = 0;
  @Property({ type: 'integer' }) priority = 0;
  @Property({ type: 'boolean' }) safetyLane = false;
  /** The reports, each weighed by its reporter's track record (muted reporters weigh nothing). */
  @Property({ type: 'float' }) weightedReports = 0;
  /** Hidden pending review because the weighted reports passed the threshold. */
  @Property({ type: 'boolean' }) hidden = false;
  @Property({ type: 'text' }) status: CaseStatus = 'open';
  @Property({ type: 'uuid', nullable: true }) assignee: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) claimedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) openedAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'case_report' })
export class CaseReport {
  [OptionalProps]?: 'weight' | 'muted' | 'reporterPseudonym' | 'snapshot';
  /** The report's id in the service that took it. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) producer!: string;
  /** Null for a system report. Shown only as a pseudonym. */
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  /** How moderators see her, kept so that it survives her account's deletion. */
  @Property({ type: 'text', nullable: true }) reporterPseudonym: string | null = null;
  /** What the report counts for, from the reporter's track record when it was filed. */
  @Property({ type: 'float' }) weight = 1;
  /** Filed while the reporter was muted: kept and shown, but it raises nothing. */
  @Property({ type: 'boolean' }) muted = false;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details!: string | null;
  @Property({ type: 'jsonb' }) signals!: ReportSignal[];
  /** The subject as this reporter saw it (it may have been edited since the case opened); null for reports kept before these were. */
  @Property({ type: 'jsonb', nullable: true }) snapshot: Record<string, unknown> | null = null;
  @Property({ type: 'timestamptz' }) filedAt!: Date;
}

@Entity({ tableName: 'case_event' })
export class CaseEvent {
  [OptionalProps]?: 'seq';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Order of writing (several events of one case share a timestamp). */
  @Property({ type: 'bigint', persist: false }) seq?: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) kind!: 'opened' | 'report-added' | 'claimed' | 'released' | 'hidden' | 'restored' | 'decided' | 'appealed' | 'appeal-decided';
  /** A moderator's id, a reporter's pseudonym or "system". */
  @Property({ type: 'text', nullable: true }) actor!: string | null;
  @Property({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Property({ type: 'timestamptz' }) at!: Date;
}

/** An author's country, from `identity.profile.changed.v1`. */
@Entity({ tableName: 'member' })
export class Member {
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) country!: string;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** How a reporter's reports have ended so far. */
@Entity({ tableName: 'reporter_standing' })
export class ReporterStanding {
  [OptionalProps]?: 'upheld' | 'dismissed' | 'mutedUntil';
  @PrimaryKey({ type: 'uuid' }) reporterId!: string;
  @Property({ type: 'integer' }) upheld = 0;
  @Property({ type: 'integer' }) dismissed = 0;
  @Property({ type: 'timestamptz', nullable: true }) mutedUntil: Date | null = null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
