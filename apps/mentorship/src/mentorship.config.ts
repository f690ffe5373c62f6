import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class MentorshipConfig extends ServiceConfig {
  /** A pending request nobody answered expires after this many days. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) REQUEST_EXPIRY_DAYS = 14;
  /** An active mentorship with no session for this many days reminds both sides. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) SESSION_REMINDER_DAYS = 30;
  /** How often requests are expired and quiet mentorships reminded. */
  @Transform(toInt) @IsInt() @Min(100) SCHEDULE_INTERVAL_MS = 60_000;
  /** A font file with Han glyphs for Chinese names on certificates (e.g. Debian fonts-noto-cjk); DejaVu Sans covers the other scripts. */
  @IsOptional() @IsString() @MaxLength(500) CERTIFICATE_CJK_FONT?: string;
  /** The family inside CERTIFICATE_CJK_FONT when it is a collection (.ttc), e.g. NotoSansCJKsc-Regular. */
  @IsOptional() @IsString() @MaxLength(100) CERTIFICATE_CJK_FAMILY?: string;
}
