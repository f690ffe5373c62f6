import { Migration } from '@mikro-orm/migrations';

export class InitialCommunityMigration extends Migration {
  override up(): void {
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "display_name" text null,
      "country" text null,
      "verified" boolean not null default false,
      "sanctions" jsonb not null default '[]',
      "updated_at" timestamptz null
    );`);
    this.addSql(`create table "notification" (
      "id" uuid primary key,
      "recipient_id" uuid not null,
      "kind" text not null,
      "text" text not null,
      "link" text not null,
      "actor_id" uuid null,
      "created_at" timestamptz not null,
      "read_at" timestamptz null
    );`);
    this.addSql('create index "notification_inbox_idx" on "notification" ("recipient_id", "created_at" desc, "id" desc);');
  }
}
