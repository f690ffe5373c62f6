/** What the awards service answers, as the gateway shows it (OpenAPI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAREC_COUNTRIES } from '../common/reference-data';
import { AWARD_CATEGORIES, NOMINEE_KINDS } from './awards.events';
import type { AwardCategory, NomineeKind } from './awards.events';
import { ACHIEVEMENT_AREAS, CONFLICT_REASONS, CYCLE_STATUSES, JUDGING_STAGES, JURY_TIERS, NOMINATION_STATUSES, RESULT_GROUPS, RubricCriterion } from './awards.requests';
import type { AchievementArea, ConflictReason, CycleStatus, JudgingStage, JuryTier, NominationStatus, ResultGroup } from './awards.requests';

export class ChampionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 2023 }) year!: number;
  @ApiProperty({ enum: CAREC_COUNTRIES, nullable: true, type: String, description: 'The member country; null for the regional category' }) country!: string | null;
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: NOMINEE_KINDS }) kind!: NomineeKind;
  @ApiProperty() citation!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Her member id when the champion is a member' }) memberId!: string | null;
}

export class ChampionPage {
  @ApiProperty({ type: [ChampionView] }) items!: ChampionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CycleSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CYCLE_STATUSES }) status!: CycleStatus;
  @ApiProperty({ enum: JUDGING_STAGES, nullable: true, type: String, description: 'Once nominations have closed: screening, jury or closed' }) judgingStage!: JudgingStage | null;
  @ApiProperty() nominationsOpenAt!: string;
  @ApiProperty() nominationsCloseAt!: string;
  @ApiProperty({ nullable: true, type: String }) judgingStartsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) judgingEndsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) ceremonyAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) ceremonyPlace!: string | null;
}

export class CyclePage {
  @ApiProperty({ type: [CycleSummary] }) items!: CycleSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CategoryView {
  @ApiProperty({ example: 'national-KZ-organization' }) code!: string;
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty({ enum: CAREC_COUNTRIES, nullable: true, type: String }) country!: string | null;
  @ApiProperty({ enum: NOMINEE_KINDS }) kind!: NomineeKind;
  @ApiProperty({ example: 'Kazakhstan — organisations' }) label!: string;
}

export class CycleView extends CycleSummary {
  @ApiProperty({ type: [CategoryView], description: 'Individuals and organisations of each member country, and the regional category' }) categories!: CategoryView[];
  @ApiProperty({ type: [RubricCriterion] }) rubric!: RubricCriterion[];
  @ApiProperty() finalistsPerCountry!: number;
  @ApiProperty() regionalFinalists!: number;
  @ApiProperty() championsPerCountry!: number;
  @ApiProperty() regionalChampions!: number;
  @ApiProperty() minScoresPerFinalist!: number;
  @ApiProperty() regionalSameCountryConflict!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) templateCycleId!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
}

export class NomineeView {
  @ApiProperty({ enum: NOMINEE_KINDS }) kind!: NomineeKind;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES, isArray: true }) countries!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) memberId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
}

export class EndorsementLink {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The secret of her link: the endorser opens /awards/endorsements/{token}, no account needed. Pass it on to her; it is shown once.' }) token!: string;
}

export class CreatedNomination {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOMINATION_STATUSES, description: 'awaiting-consent when the nominee is a member, else submitted' }) status!: NominationStatus;
  @ApiProperty({ type: [EndorsementLink] }) endorsementLinks!: EndorsementLink[];
}

export class EvidenceFileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
}

export class EndorsementView {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
  @ApiProperty({ enum: ['requested', 'confirmed', 'declined'] }) status!: 'requested' | 'confirmed' | 'declined';
  @ApiProperty({ nullable: true, type: String }) statement!: string | null;
  @ApiProperty({ nullable: true, type: String }) respondedAt!: string | null;
}

export class ScreeningView {
  @ApiProperty() eligible!: boolean;
  @ApiProperty() finalist!: boolean;
  @ApiProperty() note!: string;
  @ApiProperty() decidedAt!: string;
}

export class ScoreView {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) scores!: Record<string, number>;
  @ApiProperty({ description: 'The weighted mean of the criteria' }) total!: number;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class NominationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cycleId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty({ type: NomineeView }) nominee!: NomineeView;
  @ApiProperty({ enum: NOMINATION_STATUSES }) status!: NominationStatus;
  @ApiProperty({ description: 'Paused while the nominator or the nominee is under a suspension or expulsion' }) paused!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ enum: ['nominator', 'nominee'], description: 'In her own list: whether she made it or it is about her' }) role?: 'nominator' | 'nominee';
}

export class NominationPage {
  @ApiProperty({ type: [NominationSummary] }) items!: NominationSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class NominationView extends NominationSummary {
  @ApiProperty() achievements!: string;
  @ApiProperty({ enum: ACHIEVEMENT_AREAS, isArray: true }) areas!: AchievementArea[];
  @ApiProperty({ type: [String] }) evidenceLinks!: string[];
  @ApiProperty({ type: [EvidenceFileView] }) evidenceFiles!: EvidenceFileView[];
  @ApiProperty({ type: [EndorsementView], description: 'Judges see only the confirmed ones' }) endorsements!: EndorsementView[];
  @ApiProperty({ nullable: true, type: ScreeningView, description: 'The national screening (not shown to the nominee)' }) screening!: ScreeningView | null;
  @ApiPropertyOptional({ nullable: true, type: ScoreView, description: 'A judge\'s own score sheet' }) myScore?: ScoreView | null;
  @ApiProperty() updatedAt!: string;
}

export class ConflictView {
  @ApiProperty({ format: 'uuid' }) seatId!: string;
  @ApiProperty({ enum: CONFLICT_REASONS, isArray: true }) reasons!: ConflictReason[];
}

/** A nomination as awards-admins see it in a cycle's list. */
export class AdminNominationView extends NominationSummary {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) nominatorId!: string | null;
  @ApiProperty() endorsementsConfirmed!: number;
  @ApiProperty({ nullable: true, type: ScreeningView }) screening!: ScreeningView | null;
  @ApiProperty() scoreSheets!: number;
  @ApiProperty({ type: [ConflictView], description: 'Judges who may not see it, and why' }) conflicts!: ConflictView[];
}

export class AdminNominationPage {
  @ApiProperty({ type: [AdminNominationView] }) items!: AdminNominationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class JudgeSeatView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null once she deleted her account' }) accountId!: string | null;
  @ApiProperty({ enum: JURY_TIERS }) tier!: JuryTier;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ description: 'Paused while she is under a suspension or expulsion' }) paused!: boolean;
  @ApiProperty() seatedAt!: string;
}

export class JudgeSeatPage {
  @ApiProperty({ type: [JudgeSeatView] }) items!: JudgeSeatView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class JudgingTask {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The seat of hers it falls to' }) seatId!: string;
  @ApiProperty({ enum: ['screen', 'score'] }) task!: 'screen' | 'score';
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty({ type: NomineeView }) nominee!: NomineeView;
  @ApiProperty({ enum: NOMINATION_STATUSES }) status!: NominationStatus;
  @ApiProperty({ description: 'Whether she has screened or scored it' }) done!: boolean;
  @ApiProperty({ nullable: true, type: ScreeningView }) screening!: ScreeningView | null;
  @ApiProperty({ nullable: true, type: ScoreView }) myScore!: ScoreView | null;
}

export class SeatBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JURY_TIERS }) tier!: JuryTier;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
}

export class JudgingQueuePage {
  @ApiProperty({ enum: JUDGING_STAGES }) stage!: JudgingStage;
  @ApiProperty({ type: [SeatBrief], description: 'Her seats in this cycle' }) seats!: SeatBrief[];
  @ApiProperty({ description: 'Nominations kept from her because of a conflict (she cannot see which)' }) withheld!: number;
  @ApiProperty({ type: [JudgingTask] }) items!: JudgingTask[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ScreeningResponse {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty({ enum: NOMINATION_STATUSES }) status!: NominationStatus;
  @ApiProperty({ type: ScreeningView }) screening!: ScreeningView;
  @ApiProperty({ description: 'Finalists of this country (or of the regional category) so far' }) finalists!: number;
  @ApiProperty() quota!: number;
}

export class RankedNomination {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty({ enum: RESULT_GROUPS }) group!: ResultGroup;
  @ApiProperty({ description: '1 is best, within the group' }) rank!: number;
  @ApiProperty({ description: 'The mean of the judges\' z-scores' }) score!: number;
  @ApiProperty({ description: 'The mean weighted total before normalisation' }) rawMean!: number;
  @ApiProperty() judges!: number;
  @ApiProperty({ nullable: true, type: String, description: 'When its z-score equals the one ranked above it: the rule that ordered them' }) tieBrokenBy!: string | null;
  @ApiProperty() champion!: boolean;
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty({ type: NomineeView }) nominee!: NomineeView;
}

export class ExcludedNomination {
  @ApiProperty({ format: 'uuid' }) nominationId!: string;
  @ApiProperty({ enum: ['paused', 'withdrawn'] }) reason!: 'paused' | 'withdrawn';
}

export class CloseJudgingResponse {
  @ApiProperty() closedAt!: string;
  @ApiProperty() ranked!: number;
  @ApiProperty({ type: [RankedNomination], description: 'The champions the results name, by group' }) champions!: RankedNomination[];
  @ApiProperty({ type: [ExcludedNomination] }) excluded!: ExcludedNomination[];
  @ApiProperty({ description: 'Score sheets left out: by paused or unseated judges, or made before a conflict came to light' }) excludedScoreSheets!: number;
}

export class ResultsPage {
  @ApiProperty({ enum: JUDGING_STAGES, nullable: true, type: String }) judgingStage!: JudgingStage | null;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ description: 'How ties are broken' }) tieBreakRule!: string;
  @ApiProperty({ type: [RankedNomination] }) items!: RankedNomination[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PublishResponse {
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ type: [ChampionView] }) champions!: ChampionView[];
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String, description: 'An account id, "system", or null once that account was deleted' }) actor!: string | null;
  @ApiProperty({ example: 'score-recorded' }) action!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) nominationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** What an endorser sees when she opens her link. */
export class EndorsementRequestView {
  @ApiProperty() endorserName!: string;
  @ApiProperty({ enum: ['requested', 'confirmed', 'declined'] }) status!: 'requested' | 'confirmed' | 'declined';
  @ApiProperty() year!: number;
  @ApiProperty({ enum: AWARD_CATEGORIES }) category!: AwardCategory;
  @ApiProperty({ type: NomineeView }) nominee!: NomineeView;
  @ApiProperty() achievements!: string;
  @ApiProperty({ description: 'Whether she can still answer' }) open!: boolean;
}
