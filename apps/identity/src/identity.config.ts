import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { toBoolean, toInt } from '@weop/observability';
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

  /** Largest photo upload accepted; NATS carries at most 1 MB a message, base64 included. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(700 * 1024) PHOTO_MAX_BYTES = 640 * 1024;

  /**
   * Two profile photos whose 64-bit perceptual hashes differ in at most this many bits are the same
   * photo (photo reuse, guideline be-real). 10 catches recompressed, resized and slightly cropped
   * copies with few false matches; the measurements are in docs/performance.md, "Photo reuse".
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(24) PHOTO_REUSE_MAX_DISTANCE = 10;
}
