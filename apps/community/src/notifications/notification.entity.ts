import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** One line of a member's inbox (API.md "Community": `GET /me/notifications`). */
@Entity({ tableName: 'notification' })
export class Notification {
  [OptionalProps]?: 'readAt' | 'actorId' | 'emailedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) recipientId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'text' }) link!: string;
  /** Who caused it, when a member did (a muted or blocked actor's notifications are not shown). */
  @Property({ type: 'uuid', nullable: true }) actorId: string | null = null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) readAt: Date | null = null;
  /** When a daily digest carried it, so no line is mailed twice. */
  @Property({ type: 'timestamptz', nullable: true }) emailedAt: Date | null = null;
}
