import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { RubricCriterion } from '@weop/contracts';

/** Where a cycle is, as stored: the dates decide between draft, open and screening while it is `nominations`. */
export type CycleStage = 'nominations' | 'jury' | 'closed' | 'published';

/** One year's CAREC Gender Award. */
@Entity({ tableName: 'award_cycle' })
export class AwardCycle {
  [OptionalProps]?: 'stage' | 'judgingStartsAt' | 'judgingEndsAt' | 'ceremonyAt' | 'ceremonyPlace' | 'templateCycleId' | 'closedAt' | 'publishedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'integer' }) year!: number;
  @Property({ type: 'text' }) stage: CycleStage = 'nominations';
  @Property({ type: 'timestamptz' }) nominationsOpenAt!: Date;
  @Property({ type: 'timestamptz' }) nominationsCloseAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) judgingStartsAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) judgingEndsAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) ceremonyAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) ceremonyPlace: string | null = null;
  @Property({ type: 'json' }) rubric!: RubricCriterion[];
  @Property({ type: 'integer' }) finalistsPerCountry!: number;
  @Property({ type: 'integer' }) regionalFinalists!: number;
  @Property({ type: 'integer' }) championsPerCountry!: number;
  @Property({ type: 'integer' }) regionalChampions!: number;
  @Property({ type: 'integer' }) minScoresPerFinalist!: number;
  @Property({ type: 'boolean' }) regionalSameCountryConflict!: boolean;
  @Property({ type: 'uuid', nullable: true }) templateCycleId: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) closedAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) publishedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
