import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { JuryTier } from '@weop/contracts';

/** A judge's seat in one cycle: national (screens one country) or regional (the jury that scores finalists). */
@Entity({ tableName: 'jury_seat' })
export class JurySeat {
  [OptionalProps]?: 'removedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) cycleId!: string;
  /** null once she deleted her account; her score sheets stay with the seat. */
  @Property({ type: 'uuid', nullable: true }) accountId!: string | null;
  @Property({ type: 'text' }) tier!: JuryTier;
  @Property({ type: 'text' }) country!: string;
  @Property({ type: 'text', nullable: true }) organization!: string | null;
  @Property({ type: 'text', nullable: true }) email!: string | null;
  @Property({ type: 'timestamptz' }) seatedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) removedAt: Date | null = null;
}

@Entity({ tableName: 'conflict_declaration' })
export class ConflictDeclaration {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) seatId!: string;
  @Property({ type: 'uuid' }) nominationId!: string;
  @Property({ type: 'text' }) reason!: string;
  @Property({ type: 'timestamptz' }) declaredAt!: Date;
}

/** A regional juror's scores for one finalist. */
@Entity({ tableName: 'score_sheet' })
export class ScoreSheet {
  [OptionalProps]?: 'comment';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) seatId!: string;
  @Property({ type: 'uuid' }) nominationId!: string;
  @Property({ type: 'json' }) criteria!: Record<string, number>;
  /** The weighted mean of the criteria, on the same 1–10 scale. */
  @Property({ type: 'double' }) total!: number;
  /** The score on the rubric's heaviest criterion: the third tie-break. */
  @Property({ type: 'double' }) lead!: number;
  @Property({ type: 'text', nullable: true }) comment: string | null = null;
  @Property({ type: 'timestamptz' }) scoredAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
