import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** What a member tells about herself; public fields are chosen per field in the profile service. */
@Entity({ tableName: 'profile' })
export class Profile {
  [OptionalProps]?: 'showLegalName' | 'listedInDirectory' | 'showCity' | 'showEmail' | 'city' | 'organization' | 'bio' | 'languages' | 'expertise' | 'photoKey' | 'photoContentType' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) fullName!: string;
  @Property({ type: 'text' }) displayName!: string;
  /** Off by default: a survivor may not want her legal name public. */
  @Property({ type: 'boolean' }) showLegalName = false;
  /** Opt-in: the member directory lists only members who chose it. */
  @Property({ type: 'boolean' }) listedInDirectory = false;
  /** Her city on her profile and in the directory; off by default (a city narrows down where she lives). */
  @Property({ type: 'boolean' }) showCity = false;
  /** Her email in the directory; off by default, and never on her profile. */
  @Property({ type: 'boolean' }) showEmail = false;
  @Property({ type: 'text' }) country!: string;
  @Property({ type: 'text', nullable: true }) city: string | null = null;
  @Property({ type: 'text', nullable: true }) organization: string | null = null;
  @Property({ type: 'text' }) bio = '';
  @Property({ type: 'text[]' }) languages: string[] = [];
  @Property({ type: 'text[]' }) expertise: string[] = [];
  @Property({ type: 'text', nullable: true }) photoKey: string | null = null;
  @Property({ type: 'text', nullable: true }) photoContentType: string | null = null;
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}
