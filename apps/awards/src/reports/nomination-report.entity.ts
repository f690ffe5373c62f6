import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Guideline, ReportStatus } from '@weop/contracts';

/** A report on a nomination by a member who may see it; trust-safety takes it from the event. */
@Entity({ tableName: 'nomination_report' })
export class NominationReport {
  [OptionalProps]?: 'status';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) nominationId!: string;
  /** null once the reporter deleted her account. */
  @Property({ type: 'uuid', nullable: true }) reporterId!: string | null;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text', nullable: true }) details!: string | null;
  @Property({ type: 'text' }) status: ReportStatus = 'received';
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
