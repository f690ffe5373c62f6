import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CONVERSATION_MEMBERS_CEILING, MESSAGE_TEXT_CEILING } from '@weop/contracts';
import { ServiceConfig } from '@weop/messaging';
import { toBoolean, toInt } from '@weop/observability';

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
  // ---- Direct messages ----
  /** Longest message, in characters (UTF-16 units). */
  @Transform(toInt) @IsInt() @Min(100) @Max(MESSAGE_TEXT_CEILING) MESSAGE_MAX_CHARS = 5000;
  /** Most members of one conversation, her included. */
  @Transform(toInt) @IsInt() @Min(2) @Max(CONVERSATION_MEMBERS_CEILING) CONVERSATION_MAX_MEMBERS = 10;
  /** New conversations a member may open with members who are not her connections, per 24 hours. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) FIRST_CONTACTS_PER_DAY = 20;
  /** Messages a member may send per minute, across all her conversations. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) MESSAGES_PER_MINUTE = 30;
  /** Largest attachment. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024) ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
  /** An upload never sent with a message is deleted after this many minutes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60) ATTACHMENT_UNSENT_TTL_MINUTES = 60;
  /** How often uploads never sent are looked for. */
  @Transform(toInt) @IsInt() @Min(100) ATTACHMENT_PURGE_INTERVAL_MS = 60_000;
  /** Base64 of 32 bytes sealing attachments at rest; in development a key generated into the database. */
  @IsOptional() @IsString() ATTACHMENT_KEY?: string;

  // ---- Storage of attachments (disk or S3) ----

  // Connections.
  /** New connection requests one member may send in 24 hours (429 RATE_LIMITED beyond). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) CONNECTION_REQUESTS_PER_DAY = 50;
  /** After she declined, a new request from the same member within these days is kept from her quietly. */
  @Transform(toInt) @IsInt() @Min(0) @Max(365) CONNECTION_DECLINED_QUIET_DAYS = 30;

  // Groups: files are kept through the blob storage (local disk, or S3 when a bucket is set).
  @IsString() WEOP_STORAGE_DIR = '.data/blobs/community';
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsString() S3_REGION = 'us-east-1';
  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @Transform(toBoolean) @IsBoolean() S3_FORCE_PATH_STYLE = false;
  /** Groups one member may start in 24 hours (429 RATE_LIMITED beyond). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) GROUP_CREATIONS_PER_DAY = 10;
  /** Invitations one member may send in 24 hours, to any group, to members who are not her connections (429 RATE_LIMITED beyond). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) GROUP_INVITATIONS_PER_DAY = 20;
  /** Posts one member may write per minute across her groups, a new thread's first post included (429 RATE_LIMITED beyond). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) GROUP_POSTS_PER_MINUTE = 10;
  /**
   * Base64 of 32 bytes that seals group files at rest; when unset, a key is generated once into the
   * community database. Set it to keep files and key apart (files in S3, key in a secret store).
   */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of 32 bytes' })
  GROUP_FILES_KEY?: string;
  /** Largest file a group member may share. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) GROUP_FILE_MAX_BYTES = 10 * 1024 * 1024;
}
