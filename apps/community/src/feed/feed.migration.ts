import { Migration } from '@mikro-orm/migrations';

export class FeedMigration extends Migration {
  override up(): void {
    this.addSql(`create table "feed_item" (
      "item_id" uuid primary key,
      "type" text not null,
      "title" text not null,
      "author_id" uuid not null,
      "published_at" timestamptz not null,
      "link" text not null,
      "visibility" text not null default 'visible'
    );`);
    this.addSql('create index "feed_item_author_idx" on "feed_item" ("author_id", "published_at" desc, "item_id" desc) where "visibility" = \'visible\';');
  }
}
