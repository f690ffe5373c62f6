import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { AchievementArea, AwardCategory, NominationStatus, NomineeKind } from '@weop/contracts';

/** A member's nomination of a person or an organisation in a cycle, with its national screening. */
@Entity({ tableName: 'nomination' })
export class Nomination {
  [OptionalProps]?: 'consentedAt' | 'screeningEligible' | 'screeningFinalist' | 'screeningNote' | 'screenedBy' | 'screenedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) cycleId!: string;
  /** null once the nominator deleted her account. */
  @Property({ type: 'uuid', nullable: true }) nominatorId!: string | null;
  @Property({ type: 'text' }) category!: AwardCategory;
  @Property({ type: 'text' }) nomineeKind!: NomineeKind;
  @Property({ type: 'text' }) nomineeName!: string;
  @Property({ type: 'text' }) nomineeCountry!: string;
  @Property({ type: 'text[]' }) nomineeCountries!: string[];
  @Property({ type: 'uuid', nullable: true }) nomineeMemberId!: string | null;
  @Property({ type: 'text', nullable: true }) nomineeOrganization!: string | null;
  @Property({ type: 'text' }) achievements!: string;
  @Property({ type: 'text[]' }) areas!: AchievementArea[];
  @Property({ type: 'text[]' }) evidenceLinks!: string[];
  @Property({ type: 'text' }) status!: NominationStatus;
  @Property({ type: 'timestamptz', nullable: true }) consentedAt: Date | null = null;
  @Property({ type: 'boolean', nullable: true }) screeningEligible: boolean | null = null;
  @Property({ type: 'boolean' }) screeningFinalist = false;
  @Property({ type: 'text', nullable: true }) screeningNote: string | null = null;
  /** The jury seat that screened it. */
  @Property({ type: 'uuid', nullable: true }) screenedBy: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) screenedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Someone who vouches for a nomination through a link, without an account. */
@Entity({ tableName: 'endorsement' })
export class Endorsement {
  [OptionalProps]?: 'status' | 'statement' | 'respondedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) nominationId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) email!: string;
  @Property({ type: 'text', nullable: true }) organization!: string | null;
  /** SHA-256 of the link's secret; the secret itself is shown once, to the nominator. */
  @Property({ type: 'bytea' }) tokenHash!: Buffer;
  @Property({ type: 'text' }) status: 'requested' | 'confirmed' | 'declined' = 'requested';
  @Property({ type: 'text', nullable: true }) statement: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) respondedAt: Date | null = null;
  @Property({ type: 'integer' }) position!: number;
}

@Entity({ tableName: 'evidence_file' })
export class EvidenceFile {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) nominationId!: string;
  @Property({ type: 'text' }) storageKey!: string;
  @Property({ type: 'text' }) filename!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'timestamptz' }) uploadedAt!: Date;
}
