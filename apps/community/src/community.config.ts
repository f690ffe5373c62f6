import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { toInt } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

/** Community's settings: the shared ones, and those its features add below. */
export class CommunityConfig extends ServiceConfig {
  // ---- Notifications: the daily email digest ----
  /** How often the digest task looks for members whose digest is due. */
  @Transform(toInt) @IsInt() @Min(100) DIGEST_INTERVAL_MS = 600_000;
  /** A member gets at most one digest per this many hours ("daily": 24). */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 7) DIGEST_PERIOD_HOURS = 24;
  /** SMTP server for mail (smtp://user:pass@host:587), as identity's; unset in development, where mail is written to WEOP_MAILBOX_DIR. */
  @IsOptional() @IsString() SMTP_URL?: string;
  @IsString() MAIL_FROM = 'WEOP <no-reply@weop.local>';
  @IsString() WEOP_MAILBOX_DIR = '.data/mailbox';
  /** Where links in mail lead (the web app's origin); lines link to `<base><link>`. */
  @IsString() WEOP_PUBLIC_URL = 'http://localhost:3000';
}
