import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A signed-in device. Access tokens name it (`sid`); its refresh tokens rotate on every use. */
@Entity({ tableName: 'session' })
export class Session {
  [OptionalProps]?: 'revokedAt' | 'revokedReason' | 'userAgent' | 'address';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', index: true }) accountId!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) lastUsedAt!: Date;
  @Property({ type: 'timestamptz' }) expiresAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) revokedAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) revokedReason: string | null = null;
  @Property({ type: 'text', nullable: true }) userAgent: string | null = null;
  @Property({ type: 'text', nullable: true }) address: string | null = null;
}

/** Every refresh token ever issued, by SHA-256 hash; a spent one presented again revokes its session. */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  [OptionalProps]?: 'spentAt';

  @PrimaryKey({ type: 'text' }) tokenHash!: string;
  @Property({ type: 'uuid', index: true }) sessionId!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) spentAt: Date | null = null;
}
