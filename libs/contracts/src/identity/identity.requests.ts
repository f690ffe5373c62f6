/** Request payloads identity answers over NATS; the gateway uses the same classes as HTTP bodies. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_STATUSES, CAREC_COUNTRIES, ROLES } from '../common/reference-data';
import type { AccountStatus, CarecCountry, Role } from '../common/reference-data';
import { StatusReason } from './identity.events';

/** Free text a person types: trimmed of nothing, but not blank and bounded. */
const NOT_BLANK = /\S/;

export class RegisterRequest {
  @ApiProperty({ example: 'aigerim@example.org', maxLength: 254 })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'Not a common password' })
  @IsString()
  @MinLength(12)
  @MaxLength(512) // the code-point rule (12–128) is the password policy's; this only bounds the work
  password!: string;

  @ApiProperty({ example: 'Aigerim Bekova', maxLength: 120 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  @MaxLength(120)
  fullName!: string;

  @ApiProperty({ enum: CAREC_COUNTRIES })
  @IsIn(CAREC_COUNTRIES, { message: `must be a CAREC member code: ${CAREC_COUNTRIES.join(' ')}` })
  country!: CarecCountry;

  @ApiPropertyOptional({ maxLength: 60 })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  @MaxLength(60)
  displayName?: string;
}

export class LoginRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(512) password!: string;
}

/** Deleting her account asks for her password again: a token taken for a few minutes must not be enough. */
export class DeleteAccountRequest {
  @ApiProperty({ description: 'Her current password' }) @IsString() @IsNotEmpty() @MaxLength(512) password!: string;
}

export class RefreshRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(256) refreshToken!: string;
}

export class UpdateProfileRequest {
  @ApiPropertyOptional({ maxLength: 120, description: 'Her legal name; changing it lapses an identity verification until she is verified again' })
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(120)
  fullName?: string;

  @ApiPropertyOptional({ maxLength: 60 })
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'must not be blank' }) @MaxLength(60)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  bio?: string;

  @ApiPropertyOptional({ maxLength: 160 })
  @IsOptional() @IsString() @MaxLength(160)
  organization?: string;

  @ApiPropertyOptional({ type: [String], description: 'Language tags such as `en`, `ru`, `kk`', maxItems: 10 })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true, message: 'each must be a language tag such as en or kk' })
  languages?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(60, { each: true })
  expertise?: string[];

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ description: 'false shows only the display name publicly' })
  @IsOptional() @IsBoolean()
  showLegalName?: boolean;

  @ApiPropertyOptional({ description: 'true lists her in the member directory (off by default)' })
  @IsOptional() @IsBoolean()
  listedInDirectory?: boolean;

  @ApiPropertyOptional({ description: 'true shows her city on her profile and in the directory (off by default)' })
  @IsOptional() @IsBoolean()
  showCity?: boolean;

  @ApiPropertyOptional({ description: 'true shows her email in the directory (off by default; never on her profile)' })
  @IsOptional() @IsBoolean()
  showEmail?: boolean;
}

export class GrantRoleRequest {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}

export class SetAccountStatusRequest {
  @ApiProperty({ enum: ACCOUNT_STATUSES }) @IsIn(ACCOUNT_STATUSES) status!: AccountStatus;

  @ApiPropertyOptional({ description: 'Required for suspended: when the suspension ends' })
  @IsOptional() @IsISO8601({ strict: true }) until?: string;

  @ApiPropertyOptional({ type: StatusReason })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => StatusReason) reason?: StatusReason;
}

/** Path parameters that name an account. */
export class AccountIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class SessionIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class AccountRoleParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}

// ---- NATS-only payloads (the gateway adds the path id or the caller) ----
export class ByProfileId {
  @IsUUID() id!: string;
}
export class EndSessionPayload {
  @IsUUID() sessionId!: string;
}
export class GrantRolePayload extends GrantRoleRequest {
  @IsUUID() accountId!: string;
}
export class SetAccountStatusPayload extends SetAccountStatusRequest {
  @IsUUID() accountId!: string;
}
export class UploadPhotoPayload {
  /** The image bytes, base64: NATS carries at most 1 MB a message, so photos are bounded well below it. */
  @IsString() @IsNotEmpty() contentBase64!: string;
}
export class StatusSnapshotPayload {
  @IsOptional() @IsString() @MaxLength(64) after?: string;
}
