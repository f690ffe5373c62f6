/**
 * Organisation verification: a member asks to verify an organisation; a code sent to an address at its
 * official email domain proves control; a verifier checks its documents; an approved organisation has a
 * verified badge and a list of members allowed to post for it.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CAREC_COUNTRIES } from '../common/reference-data';
import { UploadedFile } from '../content/content.requests';

export const OrganizationRequests = {
  create: 'identity.organizations.create',
  confirmEmail: 'identity.organizations.confirm-email',
  resendCode: 'identity.organizations.resend-code',
  get: 'identity.organizations.get',
  review: 'identity.organizations.review',
  claim: 'identity.organizations.claim',
  file: 'identity.organizations.file',
  decide: 'identity.organizations.decide',
  addMember: 'identity.organizations.members.add',
  removeMember: 'identity.organizations.members.remove',
} as const;

export const ORGANIZATION_STATUSES = ['awaiting-email', 'submitted', 'in-review', 'approved', 'rejected'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export const ORGANIZATION_DOCUMENT_SLOTS = ['registrationCertificate', 'supportingDocument'] as const;
export type OrganizationDocumentSlot = (typeof ORGANIZATION_DOCUMENT_SLOTS)[number];

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The form fields of `POST /verification/organizations` (multipart). */
export class OrganizationFields {
  @IsString() @MinLength(2) @MaxLength(200) @Matches(/\S/, { message: 'must not be blank' }) name!: string;
  @IsIn(CAREC_COUNTRIES, { message: 'must be a CAREC member country code' }) country!: string;
  @IsString() @Matches(/^[A-Za-z0-9 ./-]{2,50}$/, { message: 'must be 2 to 50 letters, digits, spaces, dots, slashes or hyphens' }) registrationNumber!: string;
  @IsString() @MaxLength(300) @Matches(/^https:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/, { message: 'must be an https:// address' }) website!: string;
  @IsString() @Matches(DOMAIN, { message: 'must be a domain name such as example.org (lower case)' }) emailDomain!: string;
  @IsEmail({}, { message: 'must be an email address at the official domain' }) @MaxLength(254) contactEmail!: string;
}

export class OrganizationFiles {
  @ValidateNested() @Type(() => UploadedFile) registrationCertificate?: UploadedFile;
  @IsOptional() @ValidateNested() @Type(() => UploadedFile) supportingDocument?: UploadedFile;
}

export class CreateOrganizationPayload {
  @IsObject() fields!: Record<string, unknown>;
  @ValidateNested() @Type(() => OrganizationFiles) files!: OrganizationFiles;
}

export class OrganizationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class OrganizationFileParam extends OrganizationIdParam {
  @ApiProperty({ enum: ORGANIZATION_DOCUMENT_SLOTS }) @IsIn(ORGANIZATION_DOCUMENT_SLOTS, { message: `must be one of: ${ORGANIZATION_DOCUMENT_SLOTS.join(', ')}` }) slot!: OrganizationDocumentSlot;
}

export class OrganizationMemberParam extends OrganizationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}

export class EmailCodeRequest {
  @ApiProperty({ example: '482913' }) @IsString() @Matches(/^\d{6}$/, { message: 'must be the 6 digits from the email' }) code!: string;
}

export class OrganizationMemberRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}

export class OrganizationDecisionRequest {
  @ApiProperty({ enum: ['approved', 'rejected'] }) @IsIn(['approved', 'rejected'], { message: 'must be approved or rejected' }) outcome!: 'approved' | 'rejected';
  @ApiProperty({ maxLength: 1000, description: 'Required to reject: the member is told why' }) @IsString() @MaxLength(1000) reason!: string;
}

// ---- NATS payloads ----
export class OrganizationIdPayload {
  @IsUUID() id!: string;
}
export class EmailCodePayload extends EmailCodeRequest {
  @IsUUID() id!: string;
}
export class OrganizationFilePayload {
  @IsUUID() id!: string;
  @IsIn(ORGANIZATION_DOCUMENT_SLOTS) slot!: OrganizationDocumentSlot;
}
export class OrganizationDecisionPayload extends OrganizationDecisionRequest {
  @IsUUID() id!: string;
}
export class OrganizationMemberPayload {
  @IsUUID() id!: string;
  @IsUUID() memberId!: string;
}

// ---- answers ----
export class OrganizationCreated {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status!: OrganizationStatus;
}

/** What anyone sees of an organisation. */
export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty() website!: string;
  @ApiProperty() emailDomain!: string;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status!: OrganizationStatus;
  @ApiProperty({ description: 'The verified badge' }) verified!: boolean;
  @ApiProperty({ type: [String], description: 'Members allowed to post for it (once verified)' }) memberIds!: string[];
}

/** What the requesting member and verifiers see. */
export class OrganizationReviewView extends OrganizationView {
  @ApiProperty() registrationNumber!: string;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) emailConfirmedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assignee!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Links to its documents (verifiers), until decided' }) files!: { slot: OrganizationDocumentSlot; url: string }[];
  @ApiProperty() submittedAt!: string;
}
