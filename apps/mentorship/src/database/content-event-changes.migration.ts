import { Migration } from '@mikro-orm/migrations';

/**
 * Cohort sessions follow content's edits and withdrawals of an event (`content.item.updated.v1`,
 * `content.item.withdrawn.v1`): `changed_at` orders an item's events (the newest applied wins) and
 * `withdrawn_at` marks an event that is no longer public (not attachable; see the consumer).
 */
export class ContentEventChangesMigration extends Migration {
  override up(): void {
    this.addSql('alter table "content_event" add column "changed_at" timestamptz null, add column "withdrawn_at" timestamptz null;');
    this.addSql('update "content_event" set "changed_at" = "published_at";');
    this.addSql('alter table "content_event" alter column "changed_at" set not null;');
  }
}
