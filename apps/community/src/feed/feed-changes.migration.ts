import { Migration } from '@mikro-orm/migrations';

/**
 * The feed follows an item's edits and withdrawal (`content.item.updated.v1` / `withdrawn.v1`):
 * `changed_at` orders an item's events (the newest applied wins), and a withdrawn item stays as a
 * row without its title or link, so that an older event delivered late cannot bring it back.
 */
export class FeedChangesMigration extends Migration {
  override up(): void {
    // Not null with a default, so that the version still running during a rollout, which does not know the
    // column, can go on inserting (expand only; docs/operations.md); rows already there take their publication time.
    this.addSql('alter table "feed_item" add column "changed_at" timestamptz not null default now(), add column "withdrawn_at" timestamptz null;');
    this.addSql('update "feed_item" set "changed_at" = "published_at";');
    this.addSql('drop index "feed_item_author_idx";');
    this.addSql('create index "feed_item_author_idx" on "feed_item" ("author_id", "published_at" desc, "item_id" desc) where "visibility" = \'visible\' and "withdrawn_at" is null;');
  }
}
