/** What trust-safety answers over NATS, and the HTTP shapes the gateway shows for it. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CAREC_COUNTRIES, GUIDELINES } from '../common/reference-data';
import type { CarecCountry, Guideline } from '../common/reference-data';
import { DECISION_ACTIONS, SANCTION_KINDS } from './trust-safety.events';
import type { DecisionAction, SanctionKind } from './trust-safety.events';
import { REPORT_SUBJECT_TYPES } from '../reports/reports';
import type { ReportSubjectType } from '../reports/reports';

export const TrustSafetyRequests = {
  health: 'trust-safety.health.ping',
  guidelines: 'trust-safety.guidelines.list',
  guideline: 'trust-safety.guidelines.get',
  cases: 'trust-safety.cases.list',
  case: 'trust-safety.cases.get',
  decide: 'trust-safety.cases.decide',
  claim: 'trust-safety.cases.claim',
  release: 'trust-safety.cases.release',
  memberHistory: 'trust-safety.members.history',
  mySanctions: 'trust-safety.sanctions.mine',
  appeal: 'trust-safety.sanctions.appeal',
  appeals: 'trust-safety.appeals.list',
  decideAppeal: 'trust-safety.appeals.decide',
  stats: 'trust-safety.stats',
  export: 'trust-safety.me.export',
} as const;


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
  @ApiPropertyOptional({ enum: CAREC_COUNTRIES, description: "The author's member country" }) @IsOptional() @IsIn(CAREC_COUNTRIES, { message: 'must be a CAREC member country code' }) country?: CarecCountry;
  @ApiPropertyOptional({ enum: ['me', 'none'], description: 'Cases I hold, or cases nobody holds' }) @IsOptional() @IsIn(['me', 'none'], { message: 'must be me or none' }) assignee?: 'me' | 'none';
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
  @ApiProperty({ nullable: true, type: String, description: 'The moderator holding the case (null once a claim has gone stale)' }) assignee!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Until when the claim holds' }) claimExpiresAt!: string | null;
  @ApiProperty({ description: 'Hidden pending review (weighted reports passed the threshold)' }) hidden!: boolean;
  @ApiProperty({ nullable: true, type: String, description: "The author's member country, when known" }) authorCountry!: string | null;
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
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The subject as this reporter saw it (null for reports filed before these were kept)' })
  snapshot!: Record<string, unknown> | null;
  @ApiProperty({ description: "What the report counts for, from the reporter's track record" }) weight!: number;
  @ApiProperty({ description: 'Filed while the reporter was muted: kept, raises nothing' }) muted!: boolean;
  @ApiProperty() filedAt!: string;
}

export class CaseHistoryEntry {
  @ApiProperty() kind!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who: a moderator id, a reporter pseudonym, or "system"' }) actor!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export const APPEAL_STATUSES = ['open', 'upheld', 'overturned'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export class AppealBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status!: AppealStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The reasons of the decision on the appeal' }) statement?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt?: string | null;
}

/** A sanction as staff see it in a member's record. */
export class SanctionRecordView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: SANCTION_KINDS }) kind!: SanctionKind;
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiProperty() statement!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ nullable: true, type: String }) endsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) liftedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['expired', 'overturned', 'revoked'] }) liftReason!: string | null;
  @ApiPropertyOptional({ type: AppealBrief, nullable: true }) appeal!: AppealBrief | null;
}

export class SuggestedSanction {
  @ApiProperty({ enum: ['warn', 'suspend', 'expel'] }) action!: 'warn' | 'suspend' | 'expel';
  @ApiPropertyOptional({ type: Number }) durationDays?: number;
  @ApiProperty({ description: 'Why: the strikes in force and the gravest guideline' }) reason!: string;
}

export class AuthorRecordView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) country!: string | null;
  @ApiProperty({ description: 'Upheld decisions against her that have not decayed yet' }) activeStrikes!: number;
  @ApiProperty({ description: 'After how many days a strike stops counting' }) strikeDecayDays!: number;
  @ApiProperty({ type: [SanctionRecordView], description: 'Her earlier sanctions, newest first' }) sanctions!: SanctionRecordView[];
  @ApiProperty({ type: SuggestedSanction, description: 'The sanction ladder\'s next step, as a suggestion' }) suggestion!: SuggestedSanction;
}

export class CaseView extends CaseSummaryView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The subject as the first reporter saw it' }) snapshot!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) authorId!: string | null;
  @ApiProperty({ nullable: true, type: AuthorRecordView, description: "The author's earlier sanctions, strikes and the suggested sanction" }) author!: AuthorRecordView | null;
  @ApiProperty({ type: [CaseReportView] }) reports!: CaseReportView[];
  @ApiProperty({ type: [CaseHistoryEntry] }) history!: CaseHistoryEntry[];
}

/** A member's whole moderation record, for staff. */
export class MemberCaseBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CaseSubjectView }) subject!: CaseSubjectView;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ enum: GUIDELINES, isArray: true }) guidelines!: Guideline[];
  @ApiProperty() openedAt!: string;
  @ApiProperty({ nullable: true, type: String }) decision!: string | null;
}

export class ReporterRecordView {
  @ApiProperty() upheld!: number;
  @ApiProperty() dismissed!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Her reports raise nothing until then' }) mutedUntil!: string | null;
}

export class MemberHistoryView extends AuthorRecordView {
  @ApiProperty({ type: [MemberCaseBrief], description: 'Cases about what she wrote, newest first' }) cases!: MemberCaseBrief[];
  @ApiProperty({ type: ReporterRecordView, description: 'How her own reports have ended' }) asReporter!: ReporterRecordView;
}

/** Which content a sanction is about, as the sanctioned member may see it. */
export class SanctionSubjectView {
  @ApiProperty({ enum: REPORT_SUBJECT_TYPES }) type!: ReportSubjectType;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: "Its title as it was reported, when it is her own item's (never for a message or a mentorship)" }) title?: string;
}

/** A sanction as the sanctioned member reads it: a statement of reasons. */
export class SanctionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SANCTION_KINDS }) kind!: SanctionKind;
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiProperty({ description: 'The guideline as she can read it' }) guidelineTitle!: string;
  @ApiProperty({ type: SanctionSubjectView, nullable: true, description: 'Which content the decision was about' }) subject!: SanctionSubjectView | null;
  @ApiProperty({ description: 'The facts and reasons, as the moderator wrote them' }) statement!: string;
  @ApiProperty({ description: 'What was restricted, in the language of Accept-Language (English, Russian or Chinese; English otherwise)' }) restriction!: string;
  @ApiProperty({ description: 'Whether automation played a part (a detector raised the case); a person decided' }) automated!: boolean;
  @ApiProperty() startsAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) endsAt!: string | null;
  @ApiProperty({ enum: ['in-force', 'ended', 'lifted'] }) state!: 'in-force' | 'ended' | 'lifted';
  @ApiProperty() appealableUntil!: string;
  @ApiProperty({ description: 'How to appeal, in the language of restriction' }) howToAppeal!: string;
  @ApiPropertyOptional({ type: AppealBrief }) appeal?: AppealBrief;
}

export class SanctionPage {
  @ApiProperty({ type: [SanctionView] }) items!: SanctionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SanctionIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class AppealRequest {
  @ApiProperty({ maxLength: 5000, description: 'Why the decision should change' })
  @IsString() @Matches(/\S/, { message: 'must not be blank' }) @MaxLength(5000)
  text!: string;
}

export class AppealListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPEAL_STATUSES, default: 'open' }) @IsOptional() @IsIn(APPEAL_STATUSES, { message: `must be one of: ${APPEAL_STATUSES.join(', ')}` }) status?: AppealStatus;
}

export class AppealView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status!: AppealStatus;
  @ApiProperty() text!: string;
  @ApiProperty() filedAt!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid', description: 'The member who appeals' }) accountId!: string;
  @ApiProperty({ type: SanctionRecordView }) sanction!: SanctionRecordView;
  @ApiProperty({ format: 'uuid', description: 'Who decided the sanction: she may not judge the appeal' }) sanctionDecidedBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) statement!: string | null;
}

export class AppealPage {
  @ApiProperty({ type: [AppealView] }) items!: AppealView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AppealDecisionRequest {
  @ApiProperty({ enum: ['upheld', 'overturned'] }) @IsIn(['upheld', 'overturned'], { message: 'must be upheld or overturned' }) outcome!: 'upheld' | 'overturned';
  @ApiProperty({ maxLength: 5000, description: 'The reasons, as the member will read them' })
  @IsString() @Matches(/\S/, { message: 'must not be blank' }) @MaxLength(5000)
  statement!: string;
}

export class AppealIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class MemberIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
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
export class MySanctionsPayload extends PageQuery {
  @IsOptional() @IsString() @MaxLength(200) acceptLanguage?: string;
}
export class MemberHistoryPayload {
  @IsUUID() accountId!: string;
}
export class AppealPayload extends AppealRequest {
  @IsUUID() sanctionId!: string;
}
export class AppealListPayload extends AppealListQuery {}
export class AppealDecisionPayload extends AppealDecisionRequest {
  @IsUUID() appealId!: string;
}
