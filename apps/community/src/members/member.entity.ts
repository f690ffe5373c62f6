import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { SanctionKind } from '@weop/contracts';

/** A suspension or expulsion in force against her (warnings restrict nothing and are not kept). */
export interface SanctionInForce {
  id: string;
  kind: SanctionKind;
}

/**
 * What community keeps of a member from identity's and trust-safety's events: her public name and
 * country (to show senders and authors), whether she is verified, and the sanctions in force.
 */
@Entity({ tableName: 'member' })
export class Member {
  [OptionalProps]?: 'displayName' | 'country' | 'verified' | 'sanctions' | 'updatedAt';
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text', nullable: true }) displayName: string | null = null;
  @Property({ type: 'text', nullable: true }) country: string | null = null;
  @Property({ type: 'boolean' }) verified = false;
  @Property({ type: 'json' }) sanctions: SanctionInForce[] = [];
  @Property({ type: 'timestamptz', nullable: true }) updatedAt: Date | null = null;
}
