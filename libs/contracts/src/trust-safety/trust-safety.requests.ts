/** What trust-safety answers over NATS, and the HTTP shapes the gateway shows for it. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { GUIDELINES } from '../common/reference-data';
import type { Guideline } from '../common/reference-data';
import { REPORT_SUBJECT_TYPES } from '../reports/reports';
import type { ReportSubjectType } from '../reports/reports';

export const TrustSafetyRequests = {
  health: 'trust-safety.health.ping',
  guidelines: 'trust-safety.guidelines.list',
  guideline: 'trust-safety.guidelines.get',
  cases: 'trust-safety.cases.list',
  case: 'trust-safety.cases.get',
  decide: 'trust-safety.cases.decide',
} as const;

export const DECISION_ACTIONS = ['dismiss', 'remove-content', 'warn', 'suspend', 'expel'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const CASE_STATUSES = ['open', 'decided', 'dismissed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The language a caller reads in, from Accept-Language; English when none of ours fits. */
export class LanguagePayload {
  @IsOptional() @IsString() @MaxLength(200) acceptLanguage?: string;
}

export class GuidelineCodeParam {
  @ApiProperty({ enum: GUIDELINES }) @IsIn(GUIDELINES, { message: `must be a guideline code: ${GUIDELINES.join(', ')}` }) code!: Guideline;
}

export class GuidelinePayload extends LanguagePayload {
  @IsIn(GUIDELINES) code!: Guideline;
}

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES, default: 'open' }) @IsOptional() @IsIn(CASE_STATUSES, { message: `must be one of: ${CASE_STATUSES.join(', ')}` }) status?: CaseStatus;
  @ApiPropertyOptional({ enum: GUIDELINES }) @IsOptional() @IsIn(GUIDELINES, { message: 'must be a guideline code' }) guideline?: Guideline;
  @ApiPropertyOptional({ enum: REPORT_SUBJECT_TYPES }) @IsOptional() @IsIn(REPORT_SUBJECT_TYPES, { message: 'must be a subject type' }) subjectType?: ReportSubjectType;
}

export class CaseIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class GuidelineSummary {
  @ApiProperty({ enum: GUIDELINES }) code!: Guideline;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
}

export class GuidelineView extends GuidelineSummary {
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'The language the texts are in' }) language!: string;
  @ApiProperty({ enum: ['standard', 'high', 'critical'] }) severity!: 'standard' | 'high' | 'critical';
}

export class CaseSubjectView {
  @ApiProperty({ enum: REPORT_SUBJECT_TYPES }) type!: ReportSubjectType;
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CaseSubjectView }) subject!: CaseSubjectView;
  @ApiProperty({ enum: GUIDELINES, isArray: true }) guidelines!: Guideline[];
  @ApiProperty() reportCount!: number;
  @ApiProperty({ description: 'Higher first' }) priority!: number;
  @ApiProperty({ description: 'Threats, doxxing, intimate images, child safety: the top of every queue' }) safetyLane!: boolean;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ nullable: true, type: String, description: 'The moderator holding the case' }) assignee!: string | null;
  @ApiProperty() openedAt!: string;
}

export class CasePage {
  @ApiProperty({ type: [CaseSummaryView] }) items!: CaseSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CaseReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'A stable pseudonym of the reporter ("system" for a detector); never her id or email' }) reporter!: string;
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiPropertyOptional({ nullable: true, type: String }) details!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) signals!: { detector: string; code: string; detail: string }[];
  @ApiProperty() filedAt!: string;
}

export class CaseHistoryEntry {
  @ApiProperty() kind!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who: a moderator id, a reporter pseudonym, or "system"' }) actor!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class CaseView extends CaseSummaryView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The subject as the first reporter saw it' }) snapshot!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) authorId!: string | null;
  @ApiProperty({ type: [CaseReportView] }) reports!: CaseReportView[];
  @ApiProperty({ type: [CaseHistoryEntry] }) history!: CaseHistoryEntry[];
}

export class DecisionRequest {
  @ApiProperty({ enum: DECISION_ACTIONS }) @IsIn(DECISION_ACTIONS, { message: `must be one of: ${DECISION_ACTIONS.join(', ')}` }) action!: DecisionAction;
  @ApiProperty({ enum: GUIDELINES }) @IsIn(GUIDELINES, { message: `must be a guideline code: ${GUIDELINES.join(', ')}` }) guideline!: Guideline;
  @ApiProperty({ maxLength: 5000, description: 'The reasons, as the member will read them' })
  @IsString() @Matches(/\S/, { message: 'must not be blank' }) @MaxLength(5000)
  statement!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Required for suspend' }) @IsOptional() @IsInt() @Min(1) @Max(365) durationDays?: number;
  @ApiPropertyOptional({ description: 'With warn, suspend or expel: also remove the content' }) @IsOptional() @IsBoolean() removeContent?: boolean;
}

export class DecisionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid' }) sanctionId?: string;
}

// ---- NATS payloads ----
export class DecisionPayload extends DecisionRequest {
  @IsUUID() caseId!: string;
}
export class CaseListPayload extends CaseListQuery {}
export class CasePayload {
  @IsUUID() id!: string;
}
