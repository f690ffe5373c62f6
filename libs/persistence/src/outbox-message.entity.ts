import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** An event waiting to be published: written in the same transaction as the change it announces. */
@Entity({ tableName: 'outbox_message' })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  /** The whole envelope, as it will be published. */
  @Property({ type: 'jsonb' })
  envelope!: Record<string, unknown>;

  @Index()
  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** The trace context of the work that wrote the row (`traceparent`, `tracestate`); null with traces off. */
  @Property({ type: 'jsonb', nullable: true })
  traceContext: Record<string, string> | null = null;
}

/** One row per event a consumer has applied: the inbox that makes redelivery harmless. */
@Entity({ tableName: 'inbox_entry' })
export class InboxEntry {
  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'timestamptz' })
  processedAt!: Date;
}
