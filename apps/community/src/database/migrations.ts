/**
 * community's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { BLOCKS_PROJECTION_MIGRATION } from '@weop/messaging';
import { InitialCommunityMigration } from './initial.migration';
import { NotificationsMigration } from './notifications.migration';
import { ConversationsMigration } from './conversations.migration';
import { CommunityReportsMigration } from './community-reports.migration';
import { ConnectionsMigration } from '../connections/connections.migration';
import { FeedMigration } from '../feed/feed.migration';
import { GroupsMigration } from '../groups/groups.migration';
import { MutesMigration } from './mutes.migration';
import { ConversationLeftSeqMigration } from './conversation-left-seq.migration';
import { FeedChangesMigration } from '../feed/feed-changes.migration';
import { GroupLimitsMigration } from '../groups/group-limits.migration';

export const COMMUNITY_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128090000_initial', class: InitialCommunityMigration },
  BLOCKS_PROJECTION_MIGRATION,
  { name: 'Migration20261128100000_notifications', class: NotificationsMigration },
  { name: 'Migration20261128100000_conversations', class: ConversationsMigration },
  { name: 'Migration20261128100100_community_reports', class: CommunityReportsMigration },
  { name: 'Migration20261128110000_connections', class: ConnectionsMigration },
  { name: 'Migration20261128110100_feed', class: FeedMigration },
  { name: 'Migration20261128110200_groups', class: GroupsMigration },
  { name: 'Migration20261128120000_mutes', class: MutesMigration },
  { name: 'Migration20261128130000_conversation_left_seq', class: ConversationLeftSeqMigration },
  { name: 'Migration20261128130000_feed_changes', class: FeedChangesMigration },
  { name: 'Migration20261128130100_group_limits', class: GroupLimitsMigration },
];
