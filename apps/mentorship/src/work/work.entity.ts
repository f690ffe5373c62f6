/** What the pair keeps inside a mentorship: goals, session logs, tasks, and the feedback at the end. */
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'mentorship_goal' })
export class MentorshipGoal {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) mentorshipId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'integer' }) progress!: number;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A session log; its notes are the pair's only. */
@Entity({ tableName: 'mentorship_session' })
export class MentorshipSession {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) mentorshipId!: string;
  @Property({ type: 'timestamptz' }) heldAt!: Date;
  @Property({ type: 'integer' }) durationMinutes!: number;
  @Property({ type: 'text' }) notes!: string;
  @Property({ type: 'uuid' }) loggedBy!: string;
}

@Entity({ tableName: 'mentorship_task' })
export class MentorshipTask {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) mentorshipId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Property({ type: 'boolean' }) done!: boolean;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** One per side; each sees the other's only once both answered. */
@Entity({ tableName: 'mentorship_feedback' })
export class MentorshipFeedback {
  @PrimaryKey({ type: 'uuid' }) mentorshipId!: string;
  @PrimaryKey({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'integer' }) rating!: number;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'timestamptz' }) givenAt!: Date;
}
