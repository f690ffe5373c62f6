/** What the awards service announces. Identity puts the champion badge on a member champion's profile. */
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CAREC_COUNTRIES } from '../common/reference-data';
import { ReportFiled } from '../reports/reports';

export const AWARD_CATEGORIES = ['national', 'regional'] as const;
export type AwardCategory = (typeof AWARD_CATEGORIES)[number];

export const NOMINEE_KINDS = ['individual', 'organization'] as const;
export type NomineeKind = (typeof NOMINEE_KINDS)[number];

/**
 * A cycle's results were published and this nominee became a CAREC Gender Champion. `memberId` is set
 * when the champion is a member of the platform (her profile then shows the `gender-champion` badge).
 */
export class ChampionAnnouncedV1 {
  static readonly subject = 'awards.champion.announced.v1';
  @IsUUID() championId!: string;
  @IsUUID() cycleId!: string;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsIn(AWARD_CATEGORIES) category!: AwardCategory;
  /** The member country, or null for the regional category. */
  @IsOptional() @IsIn(CAREC_COUNTRIES) country!: string | null;
  @IsIn(NOMINEE_KINDS) kind!: NomineeKind;
  @IsString() @MaxLength(200) name!: string;
  @IsOptional() @IsUUID() memberId!: string | null;
  @IsString() @MaxLength(2000) citation!: string;
  @IsISO8601() announcedAt!: string;
}

/**
 * A cycle's results were published: one per nomination that was still in the running, so its
 * nominator (and the nominee, when she is a member) learn whether it won. No names: each already knows.
 */
export class NominationResultV1 {
  static readonly subject = 'awards.nomination.result.v1';
  @IsUUID() nominationId!: string;
  @IsUUID() cycleId!: string;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsOptional() @IsUUID() nominatorId!: string | null;
  @IsOptional() @IsUUID() nomineeMemberId!: string | null;
  @IsIn(['champion', 'not-selected']) outcome!: 'champion' | 'not-selected';
  @IsISO8601() publishedAt!: string;
}

/**
 * A member who may see a nomination (its nominee, a judge with a seat for it, an awards-admin) reported
 * it (`subject.type = nomination`); the nominator is the snapshot's author.
 */
export class AwardsReportFiledV1 extends ReportFiled {
  static readonly subject = 'awards.report.filed.v1';
}
