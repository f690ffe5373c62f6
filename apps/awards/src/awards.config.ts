import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toBoolean, toInt } from '@weop/observability';
import { ServiceConfig } from '@weop/messaging';

export class AwardsConfig extends ServiceConfig {
  /** Where evidence files are kept when no S3 bucket is configured. */
  @IsString() WEOP_STORAGE_DIR = '.data/blobs/awards';
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsString() S3_REGION = 'us-east-1';
  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @Transform(toBoolean) @IsBoolean() S3_FORCE_PATH_STYLE = false;

  /**
   * Base64 of 32 bytes that seals evidence files at rest; when unset, a key is generated once into the
   * awards database. Set it to keep files and key apart (files in S3, key in a secret store).
   */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of 32 bytes' })
  EVIDENCE_KEY?: string;

  /** Largest evidence file (a PDF or an image). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
  /** Evidence files one nomination may carry. */
  @Transform(toInt) @IsInt() @Min(1) @Max(20) EVIDENCE_FILES_PER_NOMINATION = 5;
  /** Nominations one member may make in a cycle. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) NOMINATIONS_PER_MEMBER = 10;
}
