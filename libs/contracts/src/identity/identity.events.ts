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

/**
 * Her identity was verified (a verifier approved her request). Awards (a verified nominator) and
 * mentorship (a verified mentor) keep who is verified from these two events.
 */
export class VerificationApprovedV1 {
  static readonly subject = 'identity.verification.approved.v1';
  @IsUUID() accountId!: string;
  @IsUUID() requestId!: string;
  @IsIn(['identity']) kind!: 'identity';
  @IsISO8601() approvedAt!: string;
}

/** Her verification no longer holds: she changed her legal name, or staff revoked it. */
export class VerificationRevokedV1 {
  static readonly subject = 'identity.verification.revoked.v1';
  @IsUUID() accountId!: string;
  @IsIn(['identity']) kind!: 'identity';
  @IsIn(['legal-name-changed', 'revoked', 'account-deleted']) reason!: 'legal-name-changed' | 'revoked' | 'account-deleted';
  @IsISO8601() revokedAt!: string;
}

/** An organisation proved control of its domain and a verifier approved its documents: content publishes its members' job posts without review. */
export class OrganizationVerifiedV1 {
  static readonly subject = 'identity.organization.verified.v1';
  @IsUUID() organizationId!: string;
  @IsString() @MaxLength(200) name!: string;
  @IsIn(CAREC_COUNTRIES) country!: string;
  /** The members allowed to post for it, in full (each event replaces the list). */
  @IsArray() @IsUUID('all', { each: true }) memberIds!: string[];
  @IsIn(['verified', 'revoked']) status!: 'verified' | 'revoked';
  @IsISO8601() changedAt!: string;
}

/**
 * A member blocked another (identity owns blocks). Every service keeps a projection of blocks from
 * these two events and refuses the blocked member every interaction with the blocker. `version` is
 * the pair's change counter: a projection keeps the highest it has seen, so a late, older event
 * never undoes a newer one. The blocked member is never told.
 */
export class BlockCreatedV1 {
  static readonly subject = 'identity.block.created.v1';
  @IsUUID() blockerId!: string;
  @IsUUID() blockedId!: string;
  @IsInt() @Min(1) version!: number;
  @IsISO8601() at!: string;
}

/** The blocker lifted her block. */
export class BlockRemovedV1 {
  static readonly subject = 'identity.block.removed.v1';
  @IsUUID() blockerId!: string;
  @IsUUID() blockedId!: string;
  @IsInt() @Min(1) version!: number;
  @IsISO8601() at!: string;
}
