import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What mentorship keeps of a member from identity's and trust-safety's events: her country (for the
 * country preference), whether her identity is verified, and the sanctions in force against her.
 */
@Entity({ tableName: 'member' })
export class Member {
  [OptionalProps]?: 'country' | 'verified' | 'sanctions' | 'updatedAt' | 'conductVersion' | 'conductAcceptedAt' | 'displayName';
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text', nullable: true }) country: string | null = null;
  /** Her public name, printed on a programme certificate (never her legal name, which stays in identity). */
  @Property({ type: 'text', nullable: true }) displayName: string | null = null;
  @Property({ type: 'boolean' }) verified = false;
  /** Ids of suspensions and expulsions in force: while any is, her mentorships and requests are paused. */
  @Property({ type: 'text[]' }) sanctions: string[] = [];
  @Property({ type: 'timestamptz', nullable: true }) updatedAt: Date | null = null;
  /** The version of the mentoring code of conduct she accepted, and when. */
  @Property({ type: 'text', nullable: true }) conductVersion: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) conductAcceptedAt: Date | null = null;
}
