/**
 * What trust-safety decides, as the owning services apply it. Defined here ahead of the trust-safety
 * service so that content (and identity) can consume them; trust-safety publishes them.
 */
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { GUIDELINES } from '../common/reference-data';
import type { Guideline } from '../common/reference-data';
import { REPORT_SUBJECT_TYPES } from '../reports/reports';
import type { ReportSubjectType } from '../reports/reports';

export const SUBJECT_VISIBILITIES = ['visible', 'hidden', 'removed'] as const;
export type SubjectVisibility = (typeof SUBJECT_VISIBILITIES)[number];

/**
 * A subject is hidden pending review, removed by a decision, or made visible again (case dismissed,
 * appeal overturned). `version` grows per subject, so a late, older event is ignored.
 */
export class SubjectVisibilityChangedV1 {
  static readonly subject = 'trust-safety.subject.visibility-changed.v1';
  @IsIn(REPORT_SUBJECT_TYPES) subjectType!: ReportSubjectType;
  @IsUUID() subjectId!: string;
  @IsIn(SUBJECT_VISIBILITIES) visibility!: SubjectVisibility;
  @IsUUID() caseId!: string;
  @IsOptional() @IsIn(GUIDELINES) guideline?: Guideline;
  @IsInt() @Min(1) version!: number;
  @IsISO8601() changedAt!: string;
}

export const DECISION_ACTIONS = ['dismiss', 'remove-content', 'warn', 'suspend', 'expel'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** A moderator decided a case: the record other services (and audits) can follow. Reporters' ids are not in it. */
export class DecisionMadeV1 {
  static readonly subject = 'trust-safety.decision.made.v1';
  @IsUUID() decisionId!: string;
  @IsUUID() caseId!: string;
  @IsIn(REPORT_SUBJECT_TYPES) subjectType!: ReportSubjectType;
  @IsUUID() subjectId!: string;
  @IsOptional() @IsUUID() authorId!: string | null;
  @IsIn(DECISION_ACTIONS) action!: DecisionAction;
  @IsIn(GUIDELINES) guideline!: Guideline;
  @IsBoolean() removeContent!: boolean;
  @IsOptional() @IsUUID() sanctionId!: string | null;
  @IsISO8601() decidedAt!: string;
}

export const SANCTION_KINDS = ['warning', 'suspension', 'expulsion'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export class SanctionImposedV1 {
  static readonly subject = 'trust-safety.sanction.imposed.v1';
  @IsUUID() sanctionId!: string;
  @IsUUID() accountId!: string;
  @IsIn(SANCTION_KINDS) kind!: SanctionKind;
  @IsIn(GUIDELINES) guideline!: Guideline;
  @IsString() @MaxLength(5000) statement!: string;
  @IsISO8601() startsAt!: string;
  @IsOptional() @IsISO8601() endsAt!: string | null;
  @IsOptional() @IsUUID() caseId!: string | null;
}

/** A sanction stopped applying: it expired, an appeal overturned it, or staff revoked it. */
export class SanctionLiftedV1 {
  static readonly subject = 'trust-safety.sanction.lifted.v1';
  @IsUUID() sanctionId!: string;
  @IsUUID() accountId!: string;
  @IsIn(['expired', 'overturned', 'revoked']) reason!: 'expired' | 'overturned' | 'revoked';
  @IsISO8601() liftedAt!: string;
}

/**
 * A senior moderator decided an appeal, so the member who appealed is told either way: `upheld` (the
 * sanction stands) or `overturned` (it is lifted; `sanction.lifted.v1` with reason `overturned` carries
 * the effects). Never the moderator or the statement, which she reads at `GET /me/sanctions`.
 */
export class AppealDecidedV1 {
  static readonly subject = 'trust-safety.appeal.decided.v1';
  @IsUUID() appealId!: string;
  @IsUUID() sanctionId!: string;
  @IsUUID() accountId!: string;
  @IsIn(['upheld', 'overturned']) outcome!: 'upheld' | 'overturned';
  @IsISO8601() decidedAt!: string;
}

/** Where the reports of a case stand, so each owning service can answer a reporter's `GET /me/reports`. */
export class CaseReportsUpdatedV1 {
  static readonly subject = 'trust-safety.case.reports-updated.v1';
  @IsUUID() caseId!: string;
  @IsIn(REPORT_SUBJECT_TYPES) subjectType!: ReportSubjectType;
  @IsUUID() subjectId!: string;
  @IsArray() @IsUUID('all', { each: true }) reportIds!: string[];
  @IsIn(['in-review', 'actioned', 'no-violation']) status!: 'in-review' | 'actioned' | 'no-violation';
  @IsISO8601() changedAt!: string;
}

/**
 * A case was decided: one per member who reported it (system reports have no one to tell), so
 * community can tell her the outcome. It says only whether action was taken — never the author,
 * the action or the sanction.
 */
export class ReportOutcomeV1 {
  static readonly subject = 'trust-safety.report.outcome.v1';
  @IsUUID() reporterId!: string;
  /** One of her reports on the case (the one in her `GET /me/reports`). */
  @IsUUID() reportId!: string;
  @IsIn(REPORT_SUBJECT_TYPES) subjectType!: ReportSubjectType;
  @IsIn(['actioned', 'no-violation']) status!: 'actioned' | 'no-violation';
  @IsISO8601() decidedAt!: string;
}
