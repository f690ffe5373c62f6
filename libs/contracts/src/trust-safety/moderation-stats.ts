/**
 * Transparency statistics (`GET /moderation/stats`): what was reported, decided and appealed over a
 * span of UTC days. Figures only; no reporter is ever named or counted apart.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CAREC_COUNTRIES, GUIDELINES } from '../common/reference-data';
import type { Guideline } from '../common/reference-data';
import { DECISION_ACTIONS } from './trust-safety.events';
import type { DecisionAction } from './trust-safety.events';

/** A calendar day as the statistics take and give it. */
export const STATS_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The longest span one answer covers, in days (a leap year). */
export const STATS_MAX_DAYS = 366;
/** The span when none is asked for, in days, ending today. */
export const STATS_DEFAULT_DAYS = 30;

export class ModerationStatsQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: `First UTC day counted (YYYY-MM-DD); ${STATS_DEFAULT_DAYS - 1} days before \`to\` when left out` })
  @IsOptional() @IsString() @Matches(STATS_DAY_PATTERN, { message: 'must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-31', description: `Last UTC day counted, included (YYYY-MM-DD); today when left out. At most ${STATS_MAX_DAYS} days from \`from\`` })
  @IsOptional() @IsString() @Matches(STATS_DAY_PATTERN, { message: 'must be a date as YYYY-MM-DD' })
  to?: string;
}

export class ReportsOnDay {
  @ApiProperty({ example: '2026-01-05', description: 'UTC day the reports were filed' }) day!: string;
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiProperty() count!: number;
}

export class GuidelineCount {
  @ApiProperty({ enum: GUIDELINES }) guideline!: Guideline;
  @ApiProperty({ description: 'Cases opened in the span that cite it (a case citing two guidelines counts under both)' }) count!: number;
}

export class CountryCount {
  @ApiProperty({ enum: CAREC_COUNTRIES, nullable: true, type: String, description: "The author's member country; null when unknown (no author, or not announced yet)" }) country!: string | null;
  @ApiProperty() count!: number;
}

export class ActionCount {
  @ApiProperty({ enum: DECISION_ACTIONS }) action!: DecisionAction;
  @ApiProperty({ description: 'Decisions of this kind made in the span' }) count!: number;
}

export class AppealFigures {
  @ApiProperty({ description: 'Appeals filed in the span' }) filed!: number;
  @ApiProperty({ description: 'Appeals decided in the span' }) decided!: number;
  @ApiProperty({ description: 'Of those decided, how many overturned the sanction' }) overturned!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'overturned / decided, 0 to 1; null when none was decided' }) overturnRate!: number | null;
}

export class ModerationStats {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-01-31', description: 'Included' }) to!: string;
  @ApiProperty({ description: 'Reports filed in the span, by members and by detectors' }) reportsReceived!: number;
  @ApiProperty({ type: [ReportsOnDay], description: 'Days without reports are left out' }) reportsPerDay!: ReportsOnDay[];
  @ApiProperty({ type: [GuidelineCount] }) casesByGuideline!: GuidelineCount[];
  @ApiProperty({ type: [CountryCount], description: 'Cases opened in the span, by their author\'s country' }) casesByCountry!: CountryCount[];
  @ApiProperty({ type: [ActionCount], description: 'Decisions by their action: a sanction that also removed the content counts under the sanction only' }) actionsByKind!: ActionCount[];
  @ApiProperty({ description: 'Decisions made in the span that removed the content: remove-content, and warn/suspend/expel with removeContent' }) removals!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Of the cases opened in the span, median hours from opening to the first action — the subject hidden pending review, or the decision (a claim is not an action); null when none has one' })
  medianHoursToFirstAction!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Of the cases opened in the span, median hours from opening to the decision; null when none is decided' })
  medianHoursToDecision!: number | null;
  @ApiProperty({ type: AppealFigures }) appeals!: AppealFigures;
}

// ---- NATS payload ----
export class ModerationStatsPayload extends ModerationStatsQuery {}
