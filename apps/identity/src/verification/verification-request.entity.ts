import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DocumentSlot, DocumentType, OrganizationDocumentSlot, VerificationRequestStatus } from '@weop/contracts';

export interface StoredDocument {
  slot: DocumentSlot;
  key: string;
  contentType: string;
  size: number;
}

/** A member's identity verification request. After the decision only the outcome, verifier, document type and last four characters stay. */
@Entity({ tableName: 'verification_request' })
export class VerificationRequest {
  [OptionalProps]?: 'kind' | 'resubmissions' | 'reason' | 'assignee' | 'claimedAt' | 'decidedBy' | 'decidedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) kind = 'identity' as const;
  @Property({ type: 'text' }) status!: VerificationRequestStatus;
  @Property({ type: 'text' }) documentType!: DocumentType;
  /** Until decided: the name on the document, as she typed it. */
  @Property({ type: 'text', nullable: true }) legalName!: string | null;
  @Property({ type: 'text' }) documentNumberLast4!: string;
  /** The encrypted images, until decided. */
  @Property({ type: 'jsonb', nullable: true }) files!: StoredDocument[] | null;
  @Property({ type: 'integer' }) resubmissions = 0;
  @Property({ type: 'text', nullable: true }) reason: string | null = null;
  @Property({ type: 'uuid', nullable: true }) assignee: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) claimedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) decidedBy: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) decidedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) submittedAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'timestamptz' }) expiresAt!: Date;
}

/** Every view of a document: who, when, which file. */
@Entity({ tableName: 'verification_access' })
export class VerificationAccess {
  [OptionalProps]?: 'kind';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** An identity verification request, or an organisation. */
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text' }) kind: 'identity' | 'organization' = 'identity';
  @Property({ type: 'uuid' }) verifierId!: string;
  @Property({ type: 'text' }) slot!: DocumentSlot | OrganizationDocumentSlot;
  @Property({ type: 'timestamptz' }) at!: Date;
}
