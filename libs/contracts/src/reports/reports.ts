/**
 * Reports, as content and identity take them (`POST /reports`, routed by subject type) and announce
 * them to trust-safety. Reporters travel only as ids inside the platform; no answer ever shows them.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { GUIDELINES } from '../common/reference-data';
import type { Guideline } from '../common/reference-data';

export const REPORT_SUBJECT_TYPES = ['blog', 'comment', 'publication', 'job', 'resource', 'event', 'discussion', 'reply', 'profile', 'mentorship', 'nomination', 'message', 'group'] as const;
export type ReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];

/** The subject types content owns; `profile` is identity's; the rest arrive with their services. */
export const CONTENT_SUBJECT_TYPES = ['blog', 'comment', 'publication', 'job', 'resource', 'event', 'discussion', 'reply'] as const;
export type ContentSubjectType = (typeof CONTENT_SUBJECT_TYPES)[number];

export const REPORT_STATUSES = ['received', 'in-review', 'actioned', 'no-violation'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * A report's status only moves forward (received → in-review → actioned | no-violation): the statuses a
 * report may be in for trust-safety's case update to `next` to apply, so a late, older update changes nothing.
 */
export const reportStatusesBefore = (next: ReportStatus): ReportStatus[] =>
  next === 'in-review' ? ['received'] : next === 'received' ? [] : ['received', 'in-review'];

const NOT_BLANK = /\S/;

export class ReportSubject {
  @ApiProperty({ enum: REPORT_SUBJECT_TYPES })
  @IsIn(REPORT_SUBJECT_TYPES, { message: `must be one of: ${REPORT_SUBJECT_TYPES.join(', ')}` })
  type!: ReportSubjectType;

  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class FileReportRequest {
  @ApiProperty({ type: ReportSubject }) @IsObject({ message: 'must be an object: {type, id}' }) @ValidateNested() @Type(() => ReportSubject) subject!: ReportSubject;

  @ApiProperty({ enum: GUIDELINES })
  @IsIn(GUIDELINES, { message: `must be a guideline code: ${GUIDELINES.join(', ')}` })
  guideline!: Guideline;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What she saw, in her words' })
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(2000)
  details?: string;
}

export class MyReportsQuery extends PageQuery {}

export class ReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ReportSubject }) subject!: ReportSubject;
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ReportPage {
  @ApiProperty({ type: [ReportView] }) items!: ReportView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** A detector's finding, carried with a system report (reporter "system"). */
export class ReportSignal {
  @IsIn(['job-scam', 'doxxing', 'near-duplicate', 'photo-reuse']) detector!: 'job-scam' | 'doxxing' | 'near-duplicate' | 'photo-reuse';
  @IsString() @MaxLength(64) code!: string;
  @IsString() @MaxLength(500) detail!: string;
}

/** The subject as the reporter saw it, kept as evidence even if it is edited or deleted later. */
export class ReportSnapshot {
  @IsOptional() @IsString() @MaxLength(300) title!: string | null;
  @IsString() @MaxLength(20000) body!: string;
  @IsOptional() @IsUUID() authorId!: string | null;
  @IsOptional() @IsString() @MaxLength(120) authorName!: string | null;
  @IsISO8601() createdAt!: string;
  /** Type-specific facts a moderator needs (a job's organisation and contact, an event's place…). */
  @IsOptional() @IsObject() extra?: Record<string, string>;
}

/** Shared shape of `<service>.report.filed.v1`. */
export class ReportFiled {
  @IsUUID() reportId!: string;
  @IsIn(REPORT_SUBJECT_TYPES) subjectType!: ReportSubjectType;
  @IsUUID() subjectId!: string;
  @IsIn(GUIDELINES) guideline!: Guideline;
  /** The member who reported; null for a system report. Trust-safety shows reporters only as pseudonyms. */
  @IsOptional() @IsUUID() reporterId!: string | null;
  @IsOptional() @IsString() @MaxLength(2000) details!: string | null;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ReportSignal) signals!: ReportSignal[];
  @IsObject() @ValidateNested() @Type(() => ReportSnapshot) snapshot!: ReportSnapshot;
  @IsISO8601() filedAt!: string;
}

export class ContentReportFiledV1 extends ReportFiled {
  static readonly subject = 'content.report.filed.v1';
}

export class IdentityReportFiledV1 extends ReportFiled {
  static readonly subject = 'identity.report.filed.v1';
}

// ---- NATS payloads ----
export class FileReportPayload extends FileReportRequest {}
export class MyReportsPayload extends PageQuery {}
