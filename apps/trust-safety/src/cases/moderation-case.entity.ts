import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CaseStatus, Guideline, ReportSignal, ReportSubjectType } from '@weop/contracts';

/** One case per reported subject while it is open; every report on the subject joins it. */
@Entity({ tableName: 'moderation_case' })
export class ModerationCase {
  [OptionalProps]?: 'guidelines' | 'reportCount' | 'reporterCount' | 'priority' | 'safetyLane' | 'status' | 'assignee' | 'claimedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) subjectType!: ReportSubjectType;
  @Property({ type: 'uuid' }) subjectId!: string;
  @Property({ type: 'uuid', nullable: true }) authorId!: string | null;
  /** The subject as the first reporter saw it. */
  @Property({ type: 'jsonb' }) snapshot!: Record<string, unknown>;
  @Property({ type: 'text[]' }) guidelines: Guideline[] = [];
  @Property({ type: 'integer' }) reportCount = 0;
  @Property({ type: 'integer' }) reporterCount = 0;
  @Property({ type: 'integer' }) priority = 0;
  @Property({ type: 'boolean' }) safetyLane = false;
  @Property({ type: 'text' }) status: CaseStatus = 'open';
  @Property({ type: 'uuid', nullable: true }) assignee: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) claimedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) openedAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'case_report' })
export class CaseReport {
  /** The report's id in the service that took it. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) producer!: string;
  /** Null for a system report. Shown only as a pseudonym. */
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details!: string | null;
  @Property({ type: 'jsonb' }) signals!: ReportSignal[];
  @Property({ type: 'timestamptz' }) filedAt!: Date;
}

@Entity({ tableName: 'case_event' })
export class CaseEvent {
  [OptionalProps]?: 'seq';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Order of writing (several events of one case share a timestamp). */
  @Property({ type: 'bigint', persist: false }) seq?: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) kind!: 'opened' | 'report-added' | 'claimed' | 'released' | 'hidden' | 'decided' | 'appealed' | 'appeal-decided';
  /** A moderator's id, a reporter's pseudonym or "system". */
  @Property({ type: 'text', nullable: true }) actor!: string | null;
  @Property({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Property({ type: 'timestamptz' }) at!: Date;
}
