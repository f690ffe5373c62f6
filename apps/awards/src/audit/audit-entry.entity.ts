import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** One line of a cycle's audit trail (append-only: a trigger refuses changes). */
@Entity({ tableName: 'audit_entry' })
export class AuditEntry {
  [OptionalProps]?: 'seq';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) cycleId!: string;
  @Property({ type: 'uuid', nullable: true }) nominationId!: string | null;
  /** An account id, 'system', or null once that account was deleted. */
  @Property({ type: 'text', nullable: true }) actor!: string | null;
  @Property({ type: 'text' }) action!: string;
  @Property({ type: 'json' }) data!: Record<string, unknown>;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'bigint', persist: false }) seq?: string;
}
