import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { AwardCategory, NomineeKind } from '@weop/contracts';

/** A CAREC Gender Champion: public from the moment its cycle's results are published. */
@Entity({ tableName: 'champion' })
export class Champion {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) cycleId!: string;
  /** null for champions carried over from before the platform (the 2023 seed). */
  @Property({ type: 'uuid', nullable: true }) nominationId!: string | null;
  @Property({ type: 'integer' }) year!: number;
  @Property({ type: 'text' }) category!: AwardCategory;
  @Property({ type: 'text', nullable: true }) country!: string | null;
  @Property({ type: 'text' }) kind!: NomineeKind;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'uuid', nullable: true }) memberId!: string | null;
  @Property({ type: 'text' }) citation!: string;
  /** Order within the year: member countries in CAREC order, then the regional category. */
  @Property({ type: 'integer' }) position!: number;
  @Property({ type: 'timestamptz' }) announcedAt!: Date;
}
