import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { toInt, toNumber } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class TrustSafetyConfig extends ServiceConfig {
  /** How long a member has to appeal a sanction. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) APPEAL_WINDOW_DAYS = 30;
  /** A strike (an upheld decision against a member) stops counting toward the sanction ladder after this many days. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3650) STRIKE_DECAY_DAYS = 180;
  /** A moderator's claim on a case lapses after this many minutes without a decision. */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60) CLAIM_TTL_MINUTES = 30;
  /** Weighted reports from which a subject is hidden pending review (a first-time reporter weighs 1). */
  @Transform(toNumber) @IsNumber() @Min(1) @Max(1000) AUTO_HIDE_THRESHOLD = 3;
  /** A reporter with at least this many dismissed reports, and at most 1 in 5 upheld, is muted… */
  @Transform(toInt) @IsInt() @Min(2) @Max(1000) REPORTER_MUTE_AFTER_DISMISSED = 5;
  /** …for this many days. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) REPORTER_MUTE_DAYS = 30;
  /** How often ended suspensions are lifted and stale claims released. */
  @Transform(toInt) @IsInt() @Min(100) SANCTION_EXPIRY_INTERVAL_MS = 60_000;
}
