import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { AppealStatus } from '@weop/contracts';

/** A member's appeal of one of her sanctions: at most one per sanction. */
@Entity({ tableName: 'appeal' })
export class Appeal {
  [OptionalProps]?: 'status' | 'decidedBy' | 'decidedAt' | 'statement';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) sanctionId!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'text' }) status: AppealStatus = 'open';
  @Property({ type: 'timestamptz' }) filedAt!: Date;
  @Property({ type: 'uuid', nullable: true }) decidedBy: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) decidedAt: Date | null = null;
  /** The senior moderator's reasons, as the member reads them. */
  @Property({ type: 'text', nullable: true }) statement: string | null = null;
}
