/**
 * Identity verification (API.md "Verification"): a member sends an ID document and a selfie; a
 * verifier claims the request, views the documents (every view logged) and decides. The documents
 * are deleted once a request is decided.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { UploadedFile } from '../content/content.requests';

export const VerificationRequests = {
  submit: 'identity.verification.submit',
  resubmit: 'identity.verification.resubmit',
  mine: 'identity.verification.mine',
  queue: 'identity.verification.queue',
  get: 'identity.verification.get',
  claim: 'identity.verification.claim',
  file: 'identity.verification.file',
  decide: 'identity.verification.decide',
  accessLog: 'identity.verification.access-log',
} as const;

export const DOCUMENT_TYPES = ['passport', 'national-id', 'driving-licence'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const VERIFICATION_REQUEST_STATUSES = ['submitted', 'in-review', 'approved', 'rejected', 'resubmission-requested', 'expired'] as const;
export type VerificationRequestStatus = (typeof VERIFICATION_REQUEST_STATUSES)[number];
export const DOCUMENT_SLOTS = ['documentFront', 'documentBack', 'selfie'] as const;
export type DocumentSlot = (typeof DOCUMENT_SLOTS)[number];
export const VERIFICATION_OUTCOMES = ['approved', 'rejected', 'resubmit'] as const;

/** The form fields of `POST /verification/requests` (multipart), checked by identity. */
export class VerificationFields {
  @IsIn(['identity'], { message: 'must be identity' }) kind!: 'identity';
  @IsIn(DOCUMENT_TYPES, { message: `must be one of: ${DOCUMENT_TYPES.join(', ')}` }) documentType!: DocumentType;
  @IsString() @MinLength(2) @MaxLength(120) @Matches(/\S/, { message: 'must not be blank' }) legalName!: string;
  @IsString() @Matches(/^[A-Za-z0-9 -]{4,30}$/, { message: 'must be 4 to 30 letters, digits, spaces or hyphens' }) documentNumber!: string;
}

export class VerificationFiles {
  @ValidateNested() @Type(() => UploadedFile) documentFront?: UploadedFile;
  @IsOptional() @ValidateNested() @Type(() => UploadedFile) documentBack?: UploadedFile;
  @ValidateNested() @Type(() => UploadedFile) selfie?: UploadedFile;
}

export class SubmitVerificationPayload {
  @IsObject() fields!: Record<string, unknown>;
  @ValidateNested() @Type(() => VerificationFiles) files!: VerificationFiles;
}

export class ResubmitVerificationPayload extends SubmitVerificationPayload {
  @IsUUID() id!: string;
}

export class VerificationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class VerificationFileParam extends VerificationIdParam {
  @ApiProperty({ enum: DOCUMENT_SLOTS }) @IsIn(DOCUMENT_SLOTS, { message: `must be one of: ${DOCUMENT_SLOTS.join(', ')}` }) slot!: DocumentSlot;
}

export class VerificationDecisionRequest {
  @ApiProperty({ enum: VERIFICATION_OUTCOMES }) @IsIn(VERIFICATION_OUTCOMES, { message: `must be one of: ${VERIFICATION_OUTCOMES.join(', ')}` }) outcome!: (typeof VERIFICATION_OUTCOMES)[number];
  @ApiProperty({ maxLength: 1000, description: 'Told to the member; required to reject or ask for resubmission' })
  @IsString() @MaxLength(1000)
  reason!: string;
}

export class VerificationDecisionPayload extends VerificationDecisionRequest {
  @IsUUID() id!: string;
}

export class VerificationQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'submitted', 'in-review'], default: 'open', description: 'open = submitted or in review' })
  @IsOptional() @IsIn(['open', 'submitted', 'in-review'], { message: 'must be open, submitted or in-review' })
  status?: 'open' | 'submitted' | 'in-review';
}

export class VerificationFilePayload {
  @IsUUID() id!: string;
  @IsIn(DOCUMENT_SLOTS) slot!: DocumentSlot;
}

export class VerificationIdPayload {
  @IsUUID() id!: string;
}

// ---- answers ----
export class VerificationCreated {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: VERIFICATION_REQUEST_STATUSES }) status!: VerificationRequestStatus;
}

/** Her own request, as she sees it. */
export class VerificationRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['identity'] }) kind!: 'identity';
  @ApiProperty({ enum: VERIFICATION_REQUEST_STATUSES }) status!: VerificationRequestStatus;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType!: DocumentType;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Still open after this, it expires' }) expiresAt!: string;
  @ApiProperty({ nullable: true, type: String, description: "The verifier's reason (rejected, resubmission requested)" }) reason!: string | null;
  @ApiProperty({ description: 'How many more times she may send new documents' }) resubmissionsLeft!: number;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
}

export class MyVerificationView {
  @ApiProperty({ enum: ['none', 'pending', 'verified', 'rejected'] }) identity!: 'none' | 'pending' | 'verified' | 'rejected';
  @ApiProperty({ type: [VerificationRequestView], description: 'Newest first' }) requests!: VerificationRequestView[];
}

export class VerificationQueueItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['identity', 'organization'], description: 'organization: review it under /verification/organizations/{id}' }) kind!: 'identity' | 'organization';
  @ApiProperty({ enum: ['submitted', 'in-review'] }) status!: 'submitted' | 'in-review';
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The verifier holding it' }) assignee!: string | null;
}

export class VerificationQueuePage {
  @ApiProperty({ type: [VerificationQueueItem] }) items!: VerificationQueueItem[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class VerificationFileLink {
  @ApiProperty({ enum: DOCUMENT_SLOTS }) slot!: DocumentSlot;
  @ApiProperty({ description: 'Each view is written to the access log' }) url!: string;
}

/** A request as the verifier sees it. */
export class VerificationReviewView extends VerificationRequestView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ description: 'The legal name she gave (must match her profile)' }) legalName!: string;
  @ApiProperty({ description: 'Only the last four characters are kept' }) documentNumberLast4!: string;
  @ApiProperty({ nullable: true, type: String }) assignee!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ type: [VerificationFileLink], description: 'Empty once decided: the files are deleted' }) files!: VerificationFileLink[];
}

export class VerificationFileView {
  @ApiProperty() contentType!: string;
  @ApiProperty({ description: 'base64' }) content!: string;
}

export class AccessLogEntry {
  @ApiProperty({ format: 'uuid' }) verifierId!: string;
  @ApiProperty({ description: 'Which file' }) slot!: string;
  @ApiProperty() at!: string;
}
