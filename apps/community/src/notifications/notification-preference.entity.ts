import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DigestFrequency, KindPreference, NotificationKind } from '@weop/contracts';

/**
 * What a member chose: per kind, whether it reaches her inbox and her digest (only the kinds she
 * changed are stored; the rest are on), and whether she gets a daily email digest. No row: defaults.
 */
@Entity({ tableName: 'notification_preference' })
export class NotificationPreference {
  [OptionalProps]?: 'kinds' | 'digest' | 'lastDigestAt';
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'json' }) kinds: Partial<Record<NotificationKind, KindPreference>> = {};
  @Property({ type: 'text' }) digest: DigestFrequency = 'off';
  @Property({ type: 'timestamptz', nullable: true }) lastDigestAt: Date | null = null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
