import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** What a member tells about herself; public fields are chosen per field in the profile service. */
@Entity({ tableName: 'profile' })
export class Profile {
  [OptionalProps]?: 'showLegalName' | 'listedInDirectory' | 'city' | 'organization' | 'bio' | 'languages' | 'expertise' | 'photoKey' | 'photoContentType' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) fullName!: string;
  @Property({ type: 'text' }) displayName!: string;
  /** Off by default: a survivor may not want her legal name public. */
  @Property({ type: 'boolean' }) showLegalName = false;
  @Property({ type: 'boolean' }) listedInDirectory = false;
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
