import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { toBoolean, toInt, toNumber } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class ContentConfig extends ServiceConfig {
  /** Where documents are kept when no S3 bucket is configured. */
  @IsString() WEOP_STORAGE_DIR = '.data/blobs/content';
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsString() S3_REGION = 'us-east-1';
  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @Transform(toBoolean) @IsBoolean() S3_FORCE_PATH_STYLE = false;

  /** Largest publication or resource document. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

  /** A job post expires this many days after publishing (or at its deadline, if earlier). */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) JOB_LIFETIME_DAYS = 30;
  /** How often expired job posts are closed. */
  @Transform(toInt) @IsInt() @Min(100) JOB_EXPIRY_INTERVAL_MS = 60_000;

  /** MinHash similarity from which a new text counts as repeating someone else's. */
  @Transform(toNumber) @IsNumber() @Min(0.3) @Max(1) NEAR_DUPLICATE_THRESHOLD = 0.6;
}
