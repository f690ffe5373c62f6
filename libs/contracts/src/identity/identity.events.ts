import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_STATUSES, CAREC_COUNTRIES, ROLES } from '../common/reference-data';
import type { AccountStatus, Role } from '../common/reference-data';

/** A member joined. No email or name: events carry only what consumers need. */
export class AccountRegisteredV1 {
  static readonly subject = 'identity.account.registered.v1';
  @IsUUID() accountId!: string;
  @IsIn(CAREC_COUNTRIES) country!: string;
  @IsISO8601() registeredAt!: string;
}

/** Why an account is restricted, as the member and the gateway show it (API.md 403 details). */
export class StatusReason {
  @IsOptional() @IsUUID() sanctionId?: string;
  @IsOptional() @IsString() @MaxLength(32) kind?: string;
  @IsOptional() @IsString() @MaxLength(64) guideline?: string;
  @IsOptional() @IsString() @MaxLength(5000) statement?: string;
}

/**
 * An account's status changed. `version` grows by one with every change of that account, so a
 * replica applies the highest version it has seen and ignores a late, older one.
 */
export class AccountStatusChangedV1 {
  static readonly subject = 'identity.account.status-changed.v1';
  @IsUUID() accountId!: string;
  @IsIn(ACCOUNT_STATUSES) status!: AccountStatus;
  @IsOptional() @IsISO8601() until!: string | null;
  @IsInt() @Min(1) version!: number;
  @IsOptional() @ValidateNested() @Type(() => StatusReason) reason!: StatusReason | null;
  @IsISO8601() changedAt!: string;
}

export class AccountRolesChangedV1 {
  static readonly subject = 'identity.account.roles-changed.v1';
  @IsUUID() accountId!: string;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  /** The account's change counter, shared with status changes. */
  @IsInt() @Min(1) version!: number;
  @IsISO8601() changedAt!: string;
}

/** A member deleted her account: every service erases or anonymises what it holds of her. */
export class AccountDeletedV1 {
  static readonly subject = 'identity.account.deleted.v1';
  @IsUUID() accountId!: string;
  @IsISO8601() deletedAt!: string;
}

/**
 * Sessions ended (sign-out, ended by her, ended by a restriction, a stolen refresh token). The
 * gateway refuses their access tokens at once instead of letting them run out their 15 minutes.
 */
export class SessionsEndedV1 {
  static readonly subject = 'identity.session.ended.v1';
  @IsUUID() accountId!: string;
  @IsArray() @IsUUID('all', { each: true }) sessionIds!: string[];
  @IsString() reason!: string;
  @IsISO8601() endedAt!: string;
}

/** Her public name or country changed (and at registration): services that show authors keep a copy. */
export class ProfileChangedV1 {
  static readonly subject = 'identity.profile.changed.v1';
  @IsUUID() accountId!: string;
  @IsString() @MaxLength(60) displayName!: string;
  @IsIn(CAREC_COUNTRIES) country!: string;
  @IsISO8601() changedAt!: string;
}
