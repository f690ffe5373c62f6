import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { toBoolean, toInt, toList } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class IdentityConfig extends ServiceConfig {
  @IsOptional() @IsEmail() WEOP_ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(12) WEOP_ADMIN_PASSWORD?: string;

  /** PEM of an EC P-256 private key; generated and kept in the database when unset (development). */
  @IsOptional() @IsString() WEOP_JWT_PRIVATE_KEY?: string;

  /** Access tokens live at most 15 minutes. */
  @Transform(toInt) @IsInt() @Min(30) @Max(900) ACCESS_TOKEN_TTL_SECONDS = 900;
  @Transform(toInt) @IsInt() @Min(1) @Max(365) SESSION_TTL_DAYS = 30;

  /** argon2id cost; OWASP's floor is m=19 MiB, t=2, p=1. */
  @Transform(toInt) @IsInt() @Min(19456) ARGON2_MEMORY_KIB = 19456;
  @Transform(toInt) @IsInt() @Min(2) ARGON2_TIME_COST = 2;

  /** How often ended suspensions are lifted. */
  @Transform(toInt) @IsInt() @Min(100) STATUS_EXPIRY_INTERVAL_MS = 5000;

  /** Failed sign-ins from one address for one account before it is slowed down. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS = 5;
  /** Failed sign-ins for one account from anywhere before short pauses begin. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ACCOUNT = 20;
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  /** Where files are kept when no S3 bucket is configured. */
  @IsString() WEOP_STORAGE_DIR = '.data/blobs/identity';
  /** An S3-compatible bucket for files; credentials from the AWS SDK's usual chain. */
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsString() S3_REGION = 'us-east-1';
  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @Transform(toBoolean) @IsBoolean() S3_FORCE_PATH_STYLE = false;

  /** Base64 of 32 random bytes sealing ID documents at rest; generated into the database when unset (development). */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of 32 bytes' }) DOCUMENT_ENCRYPTION_KEY?: string;
  /** Earlier document keys (comma-separated), still opening files sealed before a rotation. */
  @Transform(toList) @IsArray() @Matches(/^[A-Za-z0-9+/]{43}=$/, { each: true, message: 'must be base64 of 32 bytes each' }) DOCUMENT_ENCRYPTION_KEYS_OLD: string[] = [];
  /** Largest ID document or selfie image accepted. */
  @Transform(toInt) @IsInt() @Min(100 * 1024) @Max(30 * 1024 * 1024) VERIFICATION_FILE_MAX_BYTES = 10 * 1024 * 1024;
  /** An open request not completed within this many days (of her last submission) expires, and its files are deleted. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90) VERIFICATION_EXPIRY_DAYS = 14;
  /** How often expired requests are closed and abandoned uploads purged. */
  @Transform(toInt) @IsInt() @Min(100) VERIFICATION_SWEEP_INTERVAL_MS = 60_000;
  /** An upload not tied to a request after this many minutes is abandoned and purged. */
  @Transform(toInt) @IsInt() @Min(1) ABANDONED_UPLOAD_MINUTES = 60;

  /** SMTP server for mail (smtp://user:pass@host:587); unset in development, where mail is written to WEOP_MAILBOX_DIR. */
  @IsOptional() @IsString() SMTP_URL?: string;
  @IsString() MAIL_FROM = 'WEOP <no-reply@weop.local>';
  @IsString() WEOP_MAILBOX_DIR = '.data/mailbox';

  /** Largest photo upload accepted; NATS carries at most 1 MB a message, base64 included. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(700 * 1024) PHOTO_MAX_BYTES = 640 * 1024;

  /**
   * Two profile photos whose 64-bit perceptual hashes differ in at most this many bits are the same
   * photo (photo reuse, guideline be-real). 10 catches recompressed, resized and slightly cropped
   * copies with few false matches; the measurements are in docs/performance.md, "Photo reuse".
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(24) PHOTO_REUSE_MAX_DISTANCE = 10;

  /** Standing blocks one member may hold; far above any real need, it bounds what one account can write. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) BLOCKS_PER_MEMBER_MAX = 10_000;
}
