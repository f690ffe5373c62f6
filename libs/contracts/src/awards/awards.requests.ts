/** What the awards service answers over NATS, and the HTTP bodies and queries the gateway takes for it. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CAREC_COUNTRIES } from '../common/reference-data';
import type { CarecCountry } from '../common/reference-data';
import { UploadedFile } from '../content/content.requests';
import { AWARD_CATEGORIES, NOMINEE_KINDS } from './awards.events';
import type { AwardCategory, NomineeKind } from './awards.events';

export const AwardsRequests = {
  /** Her part of `GET /me/export`: everything this service holds of the caller. */
  export: 'awards.me.export',
  health: 'awards.health.ping',
  champions: 'awards.champions.list',
  cycles: 'awards.cycles.list',
  cycle: 'awards.cycles.get',
  createCycle: 'awards.cycles.create',
  updateCycle: 'awards.cycles.update',
  openNominations: 'awards.cycles.open-nominations',
  closeNominations: 'awards.cycles.close-nominations',
  startJury: 'awards.cycles.start-jury',
  closeJudging: 'awards.cycles.close-judging',
  publish: 'awards.cycles.publish',
  results: 'awards.cycles.results',
  audit: 'awards.cycles.audit',
  seatJudge: 'awards.judges.seat',
  judges: 'awards.judges.list',
  unseatJudge: 'awards.judges.unseat',
  cycleNominations: 'awards.nominations.of-cycle',
  nominate: 'awards.nominations.create',
  myNominations: 'awards.nominations.mine',
  nomination: 'awards.nominations.get',
  consent: 'awards.nominations.consent',
  withdraw: 'awards.nominations.withdraw',
  addEvidence: 'awards.nominations.evidence.add',
  evidence: 'awards.nominations.evidence.get',
  endorsement: 'awards.endorsements.get',
  answerEndorsement: 'awards.endorsements.answer',
  judgingQueue: 'awards.judging.queue',
  screen: 'awards.judging.screen',
  score: 'awards.judging.score',
  declareConflict: 'awards.judging.declare-conflict',
  /** `POST /reports` for a nomination, and her reports on nominations for `GET /me/reports`. */
  fileReport: 'awards.reports.file',
  myReports: 'awards.reports.mine',
} as const;

/** A cycle's status as API.md names it: it follows the dates unless an awards-admin moves it on early. */
export const CYCLE_STATUSES = ['draft', 'nominations-open', 'judging', 'published'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** Where judging stands once nominations have closed: national screening, the regional jury, closed (results ready to publish). */
export const JUDGING_STAGES = ['screening', 'jury', 'closed'] as const;
export type JudgingStage = (typeof JUDGING_STAGES)[number];

export const NOMINATION_STATUSES = ['awaiting-consent', 'submitted', 'declined', 'withdrawn', 'eligible', 'ineligible', 'finalist', 'not-selected', 'winner'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export const JURY_TIERS = ['national', 'regional'] as const;
export type JuryTier = (typeof JURY_TIERS)[number];

/** Where the nominee's work changed things (the award's own words: at work, in communities, in daily life). */
export const ACHIEVEMENT_AREAS = ['workplace', 'community', 'daily-life'] as const;
export type AchievementArea = (typeof ACHIEVEMENT_AREAS)[number];

/** Why a judge may not see a nomination: declared by her, or found by the platform. */
export const CONFLICT_REASONS = ['declared', 'nominator', 'nominee', 'endorser', 'same-organization', 'same-country'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** A ranking group: a member country's national category, or the regional one. */
export const RESULT_GROUPS = [...CAREC_COUNTRIES, 'regional'] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number];

export const MAX_ENDORSERS = 3;
export const SCORE_MIN = 1;
export const SCORE_MAX = 10;

const NOT_BLANK = /\S/;
const HTTP_URL = { protocols: ['https', 'http'], require_protocol: true };
const COUNTRY_MESSAGE = `must be a CAREC member code: ${CAREC_COUNTRIES.join(' ')}`;
/** An endorsement link's secret: 32 random bytes, base64url. */
export const ENDORSEMENT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

// ---- cycles ----

export class RubricCriterion {
  @ApiProperty({ example: 'impact', description: 'A short code, used as the key of a score sheet' })
  @IsString() @Matches(/^[a-z][a-z0-9-]{1,30}$/, { message: 'must be a short lowercase code (letters, digits, dashes)' })
  code!: string;

  @ApiProperty({ example: 'Impact', maxLength: 80 }) @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(80) title!: string;

  @ApiProperty({ example: 40, description: 'Relative weight; a score sheet total is the weighted mean of its criteria' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.01) @Max(100)
  weight!: number;
}

/** Settings shared by creating and changing a cycle. */
export class CycleSettings {
  @ApiPropertyOptional({ description: 'When the jury begins (information for nominees and judges)' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }) judgingStartsAt?: string;
  @ApiPropertyOptional({ description: 'When the jury is expected to finish' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }) judgingEndsAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }) ceremonyAt?: string;
  @ApiPropertyOptional({ example: 'Tbilisi, Georgia', maxLength: 200 }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(200) ceremonyPlace?: string;

  @ApiPropertyOptional({ type: [RubricCriterion], description: 'The regional jury\'s rubric: 1–8 criteria with weights (default impact 40, innovation 20, sustainability 20, reach 20)' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => RubricCriterion)
  rubric?: RubricCriterion[];

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 3, description: 'Finalists each member country may send to the regional jury' }) @IsOptional() @IsInt() @Min(1) @Max(20) finalistsPerCountry?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 3, description: 'Finalists of the regional category' }) @IsOptional() @IsInt() @Min(1) @Max(20) regionalFinalists?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 1, description: 'Gender Champions per member country' }) @IsOptional() @IsInt() @Min(1) @Max(5) championsPerCountry?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 1, description: 'Gender Champions of the regional category' }) @IsOptional() @IsInt() @Min(1) @Max(5) regionalChampions?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 30, default: 1, description: 'Score sheets each finalist needs before judging can close' }) @IsOptional() @IsInt() @Min(1) @Max(30) minScoresPerFinalist?: number;
  @ApiPropertyOptional({ default: true, description: 'A regional juror does not judge nominees from her own country' }) @IsOptional() @IsBoolean() regionalSameCountryConflict?: boolean;
}

export class CreateCycleRequest extends CycleSettings {
  @ApiProperty({ example: 2026, minimum: 2000, maximum: 2100 }) @IsInt({ message: 'must be a year' }) @Min(2000) @Max(2100) year!: number;

  @ApiPropertyOptional({ description: 'Required unless templateCycleId is given (the template\'s dates are then moved to this year)' })
  @ValidateIf((o: CreateCycleRequest) => o.templateCycleId === undefined || o.nominationsOpenAt !== undefined)
  @IsDefined({ message: 'is required (or give templateCycleId)' }) @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  nominationsOpenAt?: string;

  @ApiPropertyOptional({ description: 'Required unless templateCycleId is given' })
  @ValidateIf((o: CreateCycleRequest) => o.templateCycleId === undefined || o.nominationsCloseAt !== undefined)
  @IsDefined({ message: 'is required (or give templateCycleId)' }) @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  nominationsCloseAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Start from this cycle: its rubric, quotas, conflict rule, ceremony place and dates (moved to the new year) unless given here' })
  @IsOptional() @IsUUID('4', { message: 'must be a UUID' })
  templateCycleId?: string;
}

export class UpdateCycleRequest extends CycleSettings {
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }) nominationsOpenAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }) nominationsCloseAt?: string;
}

export class CycleIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class ChampionsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2023 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be a year' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: CAREC_COUNTRIES, description: 'A member country (the regional category has none: use category=regional)' })
  @IsOptional() @IsIn(CAREC_COUNTRIES, { message: COUNTRY_MESSAGE }) country?: CarecCountry;
  @ApiPropertyOptional({ enum: AWARD_CATEGORIES }) @IsOptional() @IsIn(AWARD_CATEGORIES, { message: 'must be national or regional' }) category?: AwardCategory;
}

export class CitationInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) nominationId!: string;
  @ApiProperty({ maxLength: 2000, description: 'Why she (or it) is a Gender Champion, as the public will read it' })
  @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MinLength(20) @MaxLength(2000)
  citation!: string;
}

export class PublishResultsRequest {
  @ApiProperty({ type: [CitationInput], description: 'A citation for every champion of the results' })
  @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => CitationInput)
  citations!: CitationInput[];
}

export class ResultsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RESULT_GROUPS }) @IsOptional() @IsIn(RESULT_GROUPS, { message: 'must be a member country code or regional' }) group?: ResultGroup;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4', { message: 'must be a UUID' }) nominationId?: string;
}

// ---- judges ----

export class SeatJudgeRequest {
  @ApiProperty({ format: 'uuid', description: 'The member (with the judge role) who takes the seat' }) @IsUUID('4', { message: 'must be a UUID' }) accountId!: string;
  @ApiProperty({ enum: JURY_TIERS, description: 'national: screens one country\'s nominations; regional: scores the finalists (and screens the regional category)' })
  @IsIn(JURY_TIERS, { message: 'must be national or regional' }) tier!: JuryTier;
  @ApiProperty({ enum: CAREC_COUNTRIES, description: 'national: the country she screens; regional: her own country' }) @IsIn(CAREC_COUNTRIES, { message: COUNTRY_MESSAGE }) country!: CarecCountry;
  @ApiPropertyOptional({ maxLength: 200, description: 'Where she works: nominations about the same organisation are kept from her' })
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(200) organization?: string;
  @ApiPropertyOptional({ description: 'Her email: a nomination she endorsed is kept from her' }) @IsOptional() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email?: string;
}

export class SeatParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) seatId!: string;
}

// ---- nominations ----

export class NomineeInput {
  @ApiProperty({ enum: NOMINEE_KINDS }) @IsIn(NOMINEE_KINDS, { message: 'must be individual or organization' }) kind!: NomineeKind;
  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(200) name!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES, description: 'Where the nominee lives or is based' }) @IsIn(CAREC_COUNTRIES, { message: COUNTRY_MESSAGE }) country!: CarecCountry;
  @ApiPropertyOptional({ format: 'uuid', description: 'When the nominee is a member: she consents before judging' }) @IsOptional() @IsUUID('4', { message: 'must be a UUID' }) memberId?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'An individual\'s organisation' }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(200) organization?: string;
  @ApiPropertyOptional({ enum: CAREC_COUNTRIES, isArray: true, description: 'Regional category: the member countries it works in (at least two)' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ArrayUnique({ message: 'must not repeat a country' }) @IsIn(CAREC_COUNTRIES, { each: true, message: COUNTRY_MESSAGE })
  countries?: CarecCountry[];
}

export class EndorserInput {
  @ApiProperty({ maxLength: 120 }) @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(120) name!: string;
  @ApiProperty({ description: 'Where the endorser is reached; never shown to judges' }) @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(200) organization?: string;
}

export class CreateNominationRequest {
  @ApiProperty({ enum: AWARD_CATEGORIES, description: 'national: the nominee\'s member country; regional: networks and organisations working across several member countries' })
  @IsIn(AWARD_CATEGORIES, { message: 'must be national or regional' })
  category!: AwardCategory;

  @ApiProperty({ type: NomineeInput }) @IsObject({ message: 'must be an object: {kind, name, country, memberId?}' }) @ValidateNested() @Type(() => NomineeInput) nominee!: NomineeInput;

  @ApiProperty({ minLength: 50, maxLength: 10000, description: 'What the nominee did for gender equality, equal rights and opportunities: at work, in communities, in daily life' })
  @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MinLength(50, { message: 'must tell the jury what the nominee did (at least 50 characters)' }) @MaxLength(10000)
  achievements!: string;

  @ApiPropertyOptional({ enum: ACHIEVEMENT_AREAS, isArray: true }) @IsOptional() @IsArray() @ArrayUnique() @IsIn(ACHIEVEMENT_AREAS, { each: true, message: `must be among: ${ACHIEVEMENT_AREAS.join(', ')}` }) areas?: AchievementArea[];

  @ApiPropertyOptional({ type: [String], maxItems: 10, description: 'Links to evidence (articles, reports, videos); files go to /awards/nominations/{id}/evidence' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ArrayUnique({ message: 'must not repeat a link' }) @IsUrl(HTTP_URL, { each: true, message: 'must be http(s) URLs' }) @MaxLength(2000, { each: true })
  evidenceLinks?: string[];

  @ApiPropertyOptional({ type: [EndorserInput], maxItems: MAX_ENDORSERS, description: 'Up to three people who confirm the nomination through a link, without an account' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ENDORSERS, { message: `must list at most ${MAX_ENDORSERS} endorsers` }) @ValidateNested({ each: true }) @Type(() => EndorserInput)
  endorsers?: EndorserInput[];
}

export class NominationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class EvidenceParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) fileId!: string;
}

export class CycleNominationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOMINATION_STATUSES }) @IsOptional() @IsIn(NOMINATION_STATUSES, { message: `must be one of: ${NOMINATION_STATUSES.join(', ')}` }) status?: NominationStatus;
  @ApiPropertyOptional({ enum: CAREC_COUNTRIES }) @IsOptional() @IsIn(CAREC_COUNTRIES, { message: COUNTRY_MESSAGE }) country?: CarecCountry;
  @ApiPropertyOptional({ enum: AWARD_CATEGORIES }) @IsOptional() @IsIn(AWARD_CATEGORIES, { message: 'must be national or regional' }) category?: AwardCategory;
}

export class ConsentRequest {
  @ApiProperty({ description: 'true: she agrees to be judged; false: the nomination is declined' }) @IsBoolean() consent!: boolean;
}

export class EndorsementTokenParam {
  @ApiProperty({ description: 'The secret of the endorsement link' }) @IsString() @Matches(ENDORSEMENT_TOKEN, { message: 'is not an endorsement link' }) token!: string;
}

export class AnswerEndorsementRequest {
  @ApiProperty({ enum: ['confirm', 'decline'] }) @IsIn(['confirm', 'decline'], { message: 'must be confirm or decline' }) decision!: 'confirm' | 'decline';
  @ApiPropertyOptional({ maxLength: 2000, description: 'A few words for the jury' }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(2000) statement?: string;
}

// ---- judging ----

export class ScreeningRequest {
  @ApiProperty({ description: 'Whether the nomination meets the award\'s criteria' }) @IsBoolean() eligible!: boolean;
  @ApiPropertyOptional({ description: 'Send it to the regional jury (counts against the country\'s quota of finalists; only an eligible one)' }) @IsOptional() @IsBoolean() finalist?: boolean;
  @ApiProperty({ maxLength: 2000, description: 'Why: kept in the audit trail' }) @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(2000) note!: string;
}

export class ScoreRequest {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: SCORE_MIN, maximum: SCORE_MAX }, example: { impact: 8, innovation: 6, sustainability: 7, reach: 5 }, description: `One whole number from ${SCORE_MIN} to ${SCORE_MAX} for every criterion of the cycle's rubric` })
  @IsObject({ message: 'must be an object: {criterion: score}' })
  scores!: Record<string, number>;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(2000) comment?: string;
}

export class ConflictRequest {
  @ApiProperty({ maxLength: 1000, description: 'What ties her to the nomination' }) @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(1000) reason!: string;
}

// ---- NATS payloads ----
export class CyclePayload {
  @IsUUID() cycleId!: string;
}
/** A cycle's jury, a page at a time. */
export class JudgesPayload extends PageQuery {
  @IsUUID() cycleId!: string;
}
export class UpdateCyclePayload extends UpdateCycleRequest {
  @IsUUID() cycleId!: string;
}
export class PublishResultsPayload extends PublishResultsRequest {
  @IsUUID() cycleId!: string;
}
export class ResultsPayload extends ResultsQuery {
  @IsUUID() cycleId!: string;
}
export class AuditPayload extends AuditQuery {
  @IsUUID() cycleId!: string;
}
export class SeatJudgePayload extends SeatJudgeRequest {
  @IsUUID() cycleId!: string;
}
export class SeatPayload {
  @IsUUID() cycleId!: string;
  @IsUUID() seatId!: string;
}
export class CycleNominationsPayload extends CycleNominationsQuery {
  @IsUUID() cycleId!: string;
}
export class NominatePayload extends CreateNominationRequest {
  @IsUUID() cycleId!: string;
}
export class NominationPayload {
  @IsUUID() nominationId!: string;
}
export class ConsentPayload extends ConsentRequest {
  @IsUUID() nominationId!: string;
}
export class AddEvidencePayload {
  @IsUUID() nominationId!: string;
  @IsObject() @ValidateNested() @Type(() => UploadedFile) file!: UploadedFile;
}
export class EvidencePayload {
  @IsUUID() nominationId!: string;
  @IsUUID() fileId!: string;
}
export class EndorsementPayload {
  @IsString() @Matches(ENDORSEMENT_TOKEN) token!: string;
}
export class AnswerEndorsementPayload extends AnswerEndorsementRequest {
  @IsString() @Matches(ENDORSEMENT_TOKEN) token!: string;
}
export class JudgingQueuePayload extends PageQuery {
  @IsUUID() cycleId!: string;
}
export class ScreeningPayload extends ScreeningRequest {
  @IsUUID() nominationId!: string;
}
export class ScorePayload extends ScoreRequest {
  @IsUUID() nominationId!: string;
}
export class ConflictPayload extends ConflictRequest {
  @IsUUID() nominationId!: string;
}
