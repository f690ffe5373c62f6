import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DeclineReason, MentorshipRequestStatus } from '@weop/contracts';

/** A mentee asks a mentor: pending → accepted | declined | withdrawn | expired; paused while either is sanctioned. */
@Entity({ tableName: 'mentorship_request' })
export class MentorshipRequest {
  [OptionalProps]?: 'status' | 'declineReason' | 'declineNote' | 'answeredAt' | 'mentorshipId' | 'pausedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) menteeId!: string;
  @Property({ type: 'uuid' }) mentorId!: string;
  @Property({ type: 'text' }) message!: string;
  @Property({ type: 'text[]' }) goals!: string[];
  @Property({ type: 'text' }) status: MentorshipRequestStatus = 'pending';
  @Property({ type: 'text', nullable: true }) declineReason: DeclineReason | null = null;
  @Property({ type: 'text', nullable: true }) declineNote: string | null = null;
  @Property({ type: 'uuid', nullable: true }) mentorshipId: string | null = null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) expiresAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) answeredAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) pausedAt: Date | null = null;
}
