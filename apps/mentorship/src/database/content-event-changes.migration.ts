import { Migration } from '@mikro-orm/migrations';

/**
 * Cohort sessions follow content's edits and withdrawals of an event (`content.item.updated.v1`,
 * `content.item.withdrawn.v1`): `changed_at` orders an item's events (the newest applied wins) and
 * `withdrawn_at` marks an event that is no longer public (not attachable; see the consumer).
 */
export class ContentEventChangesMigration extends Migration {
  override up(): void {
    // Not null with a default, so that the version still running during a rollout, which does not know the
    // column, can go on inserting (expand only; docs/operations.md); rows already there take their publication time.
    this.addSql('alter table "content_event" add column "changed_at" timestamptz not null default now(), add column "withdrawn_at" timestamptz null;');
    this.addSql('update "content_event" set "changed_at" = "published_at";');
  }
}
