import { Migration } from '@mikro-orm/migrations';

/**
 * The inbox is pruned by age (libs/messaging `pruneEventHistory`), so its entries are found by
 * `processed_at`; the outbox already has its `created_at` index for the same purpose.
 */
export class EventHistoryRetentionMigration extends Migration {
  override up(): void {
    this.addSql('create index if not exists "inbox_entry_processed_at_index" on "inbox_entry" ("processed_at");');
  }

  override down(): void {
    this.addSql('drop index if exists "inbox_entry_processed_at_index";');
  }
}
