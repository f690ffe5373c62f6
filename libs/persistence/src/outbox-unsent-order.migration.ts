import { Migration } from '@mikro-orm/migrations';

/**
 * The relay claims unsent rows `order by created_at, id`: the partial index of unsent rows now holds both
 * columns, so the claim is one ordered index scan with its LIMIT and no sort. The relay also keeps the
 * planner off bitmap scans for it (libs/messaging `OutboxRelay`): every row the relay marks sent leaves a
 * dead entry in this index until VACUUM, and only a plain index scan marks such entries dead as it passes
 * them, so the next claim skips them. Measured in issue 4's bench: with bitmap scans a claim read ~300
 * heap pages and took 11–50 ms once a few thousand rows had been sent; with the plain scan, 13 buffers.
 */
export class OutboxUnsentOrderMigration extends Migration {
  override up(): void {
    this.addSql('create index if not exists "outbox_message_unsent_order_idx" on "outbox_message" ("created_at", "id") where "sent_at" is null;');
    this.addSql('drop index if exists "outbox_message_unsent_idx";');
  }

  override down(): void {
    this.addSql('create index if not exists "outbox_message_unsent_idx" on "outbox_message" ("created_at") where "sent_at" is null;');
    this.addSql('drop index if exists "outbox_message_unsent_order_idx";');
  }
}
