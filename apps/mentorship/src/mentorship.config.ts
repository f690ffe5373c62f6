import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInt } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class MentorshipConfig extends ServiceConfig {
  /** A pending request nobody answered expires after this many days. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) REQUEST_EXPIRY_DAYS = 14;
  /** An active mentorship with no session for this many days reminds both sides. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) SESSION_REMINDER_DAYS = 30;
  /** How often requests are expired and quiet mentorships reminded. */
  @Transform(toInt) @IsInt() @Min(100) SCHEDULE_INTERVAL_MS = 60_000;
}
