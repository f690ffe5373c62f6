import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Guideline, ReportSnapshot, ReportStatus } from '@weop/contracts';

/** A member's report on another member's profile, with what the profile showed then. */
@Entity({ tableName: 'profile_report' })
export class ProfileReport {
  [OptionalProps]?: 'status' | 'details';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Null once the reporter deleted her account; the report stays as evidence. */
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  @Property({ type: 'uuid' }) subjectId!: string;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details: string | null = null;
  @Property({ type: 'jsonb' }) snapshot!: ReportSnapshot;
  @Property({ type: 'text' }) status: ReportStatus = 'received';
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
