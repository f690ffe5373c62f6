import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A request to connect and, once accepted, the connection itself. `declined` is seen only by the one
 * who declined: to the sender it still reads `pending` (she is not told she was turned down).
 * `withdrawn` (the sender took it back), `removed` (either ended the connection) and `closed`
 * (overtaken by a request the other way) are history.
 */
export type ConnectionState = 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'removed' | 'closed';

@Entity({ tableName: 'connection' })
export class Connection {
  [OptionalProps]?: 'note' | 'answeredAt' | 'endedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) requesterId!: string;
  @Property({ type: 'uuid' }) recipientId!: string;
  @Property({ type: 'text', nullable: true }) note: string | null = null;
  @Property({ type: 'text' }) status!: ConnectionState;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  /** When she accepted or declined (for an accepted one: "connected since"). */
  @Property({ type: 'timestamptz', nullable: true }) answeredAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) endedAt: Date | null = null;
}
