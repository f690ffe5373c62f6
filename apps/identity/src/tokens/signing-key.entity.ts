import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An ES256 key pair identity signs access tokens with. Generated on first start unless one is
 * configured (WEOP_JWT_PRIVATE_KEY); only the public half ever leaves this service.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'text' }) kid!: string;
  @Property({ type: 'text', hidden: true }) privateKeyPem!: string;
  @Property({ type: 'text' }) publicKeyPem!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}

/** Failed sign-ins by key (account, address, or both) within a window. */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  @PrimaryKey({ type: 'text' }) key!: string;
  @Property({ type: 'integer' }) failures!: number;
  @Property({ type: 'timestamptz' }) windowStartedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) blockedUntil!: Date | null;
}
