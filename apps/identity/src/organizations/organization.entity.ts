import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { OrganizationDocumentSlot, OrganizationStatus } from '@weop/contracts';

export interface OrganizationDocument {
  slot: OrganizationDocumentSlot;
  key: string;
  contentType: string;
  size: number;
}

@Entity({ tableName: 'organization' })
export class Organization {
  [OptionalProps]?: 'codeAttempts' | 'codeHash' | 'codeExpiresAt' | 'codeSentAt' | 'emailConfirmedAt' | 'reason' | 'assignee' | 'claimedAt' | 'decidedBy' | 'decidedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) country!: string;
  @Property({ type: 'text' }) registrationNumber!: string;
  @Property({ type: 'text' }) website!: string;
  @Property({ type: 'text' }) emailDomain!: string;
  /** Where the code went; cleared once confirmed. */
  @Property({ type: 'text', nullable: true }) contactEmail!: string | null;
  @Property({ type: 'text' }) status!: OrganizationStatus;
  @Property({ type: 'uuid' }) requestedBy!: string;
  /** HMAC of the code: the code itself is never stored. */
  @Property({ type: 'text', nullable: true }) codeHash: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) codeExpiresAt: Date | null = null;
  @Property({ type: 'integer' }) codeAttempts = 0;
  @Property({ type: 'timestamptz', nullable: true }) codeSentAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) emailConfirmedAt: Date | null = null;
  @Property({ type: 'jsonb', nullable: true }) files!: OrganizationDocument[] | null;
  @Property({ type: 'text', nullable: true }) reason: string | null = null;
  @Property({ type: 'uuid', nullable: true }) assignee: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) claimedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) decidedBy: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) decidedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) submittedAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'organization_member' })
export class OrganizationMember {
  @PrimaryKey({ type: 'uuid' }) organizationId!: string;
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid' }) addedBy!: string;
  @Property({ type: 'timestamptz' }) addedAt!: Date;
}
