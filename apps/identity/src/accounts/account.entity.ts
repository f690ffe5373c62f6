import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { AccountStatus, Role } from '@weop/contracts';

export interface StoredStatusReason {
  sanctionId?: string;
  kind?: string;
  guideline?: string;
  statement?: string;
}

/** A member's account: credentials, roles and status. Identity is the only owner of these. */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'status' | 'statusUntil' | 'statusReason' | 'version' | 'roles' | 'deletedAt' | 'updatedAt' | 'identityVerifiedAt';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) email!: string;
  /** Lower-cased email: uniqueness regardless of case. */
  @Unique() @Property({ type: 'text' }) emailNormalized!: string;
  @Property({ type: 'text', hidden: true }) passwordHash!: string;
  @Property({ type: 'text' }) status: AccountStatus = 'active';
  @Property({ type: 'timestamptz', nullable: true }) statusUntil: Date | null = null;
  @Property({ type: 'jsonb', nullable: true }) statusReason: StoredStatusReason | null = null;
  /** Grows with every status or roles change; events carry it so replicas keep the newest. */
  @Property({ type: 'integer' }) version = 1;
  @Property({ type: 'text[]' }) roles: Role[] = ['member'];
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) deletedAt: Date | null = null;
  /** Set while her identity is verified; cleared when she changes her legal name. */
  @Property({ type: 'timestamptz', nullable: true }) identityVerifiedAt: Date | null = null;
}

/** Every status change, kept as the account's safety record (also after the account is deleted). */
@Entity({ tableName: 'account_status_change' })
export class AccountStatusChange {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) status!: AccountStatus;
  @Property({ type: 'timestamptz', nullable: true }) until!: Date | null;
  @Property({ type: 'jsonb', nullable: true }) reason!: StoredStatusReason | null;
  /** The admin who set it, or null when the platform did (a sanction, an expiry). */
  @Property({ type: 'uuid', nullable: true }) changedBy!: string | null;
  @Property({ type: 'timestamptz' }) changedAt!: Date;
}
