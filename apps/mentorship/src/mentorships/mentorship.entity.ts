import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EndReason, MentorshipStatus } from '@weop/contracts';

/** A mentor and a mentee working together: active → completed | ended; paused while either is sanctioned. */
@Entity({ tableName: 'mentorship' })
export class Mentorship {
  [OptionalProps]?: 'status' | 'programmeId' | 'requestId' | 'endedAt' | 'endReason' | 'endNote' | 'endedBy' | 'mentorNote' | 'menteeNote' | 'lastSessionAt' | 'remindedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) mentorId!: string;
  @Property({ type: 'uuid' }) menteeId!: string;
  @Property({ type: 'text' }) status: MentorshipStatus = 'active';
  @Property({ type: 'uuid', nullable: true }) requestId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) programmeId: string | null = null;
  @Property({ type: 'timestamptz' }) startedAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) endedAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) endReason: EndReason | null = null;
  @Property({ type: 'text', nullable: true }) endNote: string | null = null;
  @Property({ type: 'uuid', nullable: true }) endedBy: string | null = null;
  @Property({ type: 'text', nullable: true }) mentorNote: string | null = null;
  @Property({ type: 'text', nullable: true }) menteeNote: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) lastSessionAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) remindedAt: Date | null = null;
}
