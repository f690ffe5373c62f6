import { Migration } from '@mikro-orm/migrations';

/** The inbox's read/email state and each member's notification preferences. */
export class NotificationsMigration extends Migration {
  override up(): void {
    this.addSql('alter table "notification" add column "emailed_at" timestamptz null;');
    // Her unread count and the digest's scan both read only unread rows.
    this.addSql('create index "notification_unread_idx" on "notification" ("recipient_id", "created_at" desc, "id" desc) where "read_at" is null;');
    this.addSql(`create table "notification_preference" (
      "account_id" uuid primary key,
      "kinds" jsonb not null default '{}',
      "digest" text not null default 'off',
      "last_digest_at" timestamptz null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create index "notification_preference_digest_idx" on "notification_preference" ("last_digest_at") where "digest" = 'daily';`);
  }
}
