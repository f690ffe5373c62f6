import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** Something a member is told about her mentoring: a request received, answered, paused, a reminder. */
@Entity({ tableName: 'notification' })
export class Notification {
  [OptionalProps]?: 'readAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'text' }) link!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) readAt: Date | null = null;
}
