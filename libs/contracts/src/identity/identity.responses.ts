/** What identity answers; classes so that the gateway's OpenAPI document shows the real shapes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_STATUSES, CAREC_COUNTRIES, ROLES, VERIFICATION_STATES } from '../common/reference-data';
import type { AccountStatus, Role, VerificationState } from '../common/reference-data';

export class IdResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class AccountSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status!: AccountStatus;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
}

export class TokenPairResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: AccountSummary }) account!: AccountSummary;
}

export class VerificationSummary {
  @ApiProperty({ enum: VERIFICATION_STATES }) identity!: VerificationState;
}

export class RestrictionView {
  @ApiPropertyOptional({ format: 'uuid' }) sanctionId?: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional() until?: string;
  @ApiPropertyOptional() guideline?: string;
  @ApiPropertyOptional() statement?: string;
}

/** Her choices of what others see (set with `PATCH /me/profile`). */
export class PrivacyChoices {
  @ApiProperty({ description: 'Her legal name on her profile and in the directory' }) showLegalName!: boolean;
  @ApiProperty({ description: 'Listed in the member directory' }) listedInDirectory!: boolean;
  @ApiProperty({ description: 'Her city on her profile and in the directory' }) showCity!: boolean;
  @ApiProperty({ description: 'Her email in the directory' }) showEmail!: boolean;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status!: AccountStatus;
  @ApiPropertyOptional({ type: RestrictionView, nullable: true }) restriction!: RestrictionView | null;
  @ApiProperty({ type: VerificationSummary }) verification!: VerificationSummary;
  @ApiProperty({ type: PrivacyChoices }) privacy!: PrivacyChoices;
}

export class ProfileResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
  @ApiProperty() bio!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty() showLegalName!: boolean;
  @ApiProperty() listedInDirectory!: boolean;
  @ApiProperty() showCity!: boolean;
  @ApiProperty() showEmail!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Path of the photo, if she has one' }) photoUrl!: string | null;
  @ApiProperty() updatedAt!: string;
}

export const BADGES = ['identity-verified', 'organization-verified', 'gender-champion', 'mentor'] as const;
export type Badge = (typeof BADGES)[number];

export class PublicProfileResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ description: 'Only when she chose to show her legal name' }) fullName?: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Only when she chose to show her city' }) city!: string | null;
  @ApiProperty() bio!: string;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ enum: BADGES, isArray: true }) badges!: Badge[];
  @ApiProperty({ nullable: true, type: String }) photoUrl!: string | null;
}

export class SessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastUsedAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Address the session was last used from' }) address!: string | null;
  @ApiProperty({ description: 'The session this request was made with' }) current!: boolean;
}

export class SessionList {
  @ApiProperty({ type: [SessionView] }) items!: SessionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PhotoResponse {
  @ApiProperty() contentType!: string;
  @ApiProperty() contentBase64!: string;
}

/** Public verification keys identity signs access tokens with (a JWKS-like set of PEMs). */
export interface SigningKeySet {
  keys: { kid: string; alg: 'ES256'; publicKeyPem: string }[];
}

export interface AccountStatusEntry {
  accountId: string;
  /** The account was deleted: its tokens must be refused. */
  deleted?: boolean;
  status: AccountStatus;
  until: string | null;
  version: number;
  roles: Role[];
  reason: { sanctionId?: string; kind?: string; guideline?: string; statement?: string } | null;
}

export interface StatusSnapshot {
  items: AccountStatusEntry[];
  next: string | null;
  /** Sessions ended recently enough that their access tokens have not expired yet (first page only). */
  endedSessions?: { sessionId: string; endedAt: string }[];
}
