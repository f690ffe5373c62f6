import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Guideline, ReportSignal, ReportSnapshot, ReportStatus, ReportSubjectType } from '@weop/contracts';

/** A report on a piece of content: the reporter (or the system), what she cited, and the evidence. */
@Entity({ tableName: 'report' })
export class ContentReport {
  [OptionalProps]?: 'status' | 'signals' | 'details';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Null for a system report. Never leaves content except as an id on the internal event. */
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  @Property({ type: 'text' }) subjectType!: ReportSubjectType;
  @Property({ type: 'uuid' }) subjectId!: string;
  @Property({ type: 'uuid', nullable: true }) subjectAuthorId!: string | null;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details: string | null = null;
  @Property({ type: 'jsonb' }) snapshot!: ReportSnapshot;
  @Property({ type: 'jsonb' }) signals: ReportSignal[] = [];
  @Property({ type: 'text' }) status: ReportStatus = 'received';
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
