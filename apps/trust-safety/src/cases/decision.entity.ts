import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DecisionAction, Guideline, SanctionKind } from '@weop/contracts';

@Entity({ tableName: 'decision' })
export class Decision {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'uuid' }) moderatorId!: string;
  @Property({ type: 'text' }) action!: DecisionAction;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text' }) statement!: string;
  @Property({ type: 'integer', nullable: true }) durationDays!: number | null;
  @Property({ type: 'boolean' }) removeContent!: boolean;
  @Property({ type: 'uuid', nullable: true }) sanctionId!: string | null;
  @Property({ type: 'timestamptz' }) decidedAt!: Date;
}

@Entity({ tableName: 'sanction' })
export class Sanction {
  [OptionalProps]?: 'automated' | 'liftedAt' | 'liftReason';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'uuid' }) decisionId!: string;
  @Property({ type: 'text' }) kind!: SanctionKind;
  @Property({ type: 'text' }) guideline!: Guideline;
  @Property({ type: 'text' }) statement!: string;
  @Property({ type: 'timestamptz' }) startsAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) endsAt!: Date | null;
  @Property({ type: 'timestamptz' }) appealableUntil!: Date;
  /** The moderator who decided it: she may not judge its appeal. */
  @Property({ type: 'uuid' }) decidedBy!: string;
  /** Whether automation played a part (a detector raised the case): told to the member. */
  @Property({ type: 'boolean' }) automated = false;
  @Property({ type: 'timestamptz', nullable: true }) liftedAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) liftReason: string | null = null;
}
