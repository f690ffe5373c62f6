import { Migration } from '@mikro-orm/migrations';

/** The outbox and inbox tables every service has; first in each service's migration list. */
export class MessagingTablesMigration extends Migration {
  override up(): void {
    this.addSql(`create table "outbox_message" (
      "id" uuid primary key,
      "subject" text not null,
      "envelope" jsonb not null,
      "created_at" timestamptz not null default now(),
      "sent_at" timestamptz null,
      "attempts" integer not null default 0,
      "last_error" text null
    );`);
    this.addSql(`create index "outbox_message_unsent_idx" on "outbox_message" ("created_at") where "sent_at" is null;`);
    this.addSql(`create index "outbox_message_created_at_index" on "outbox_message" ("created_at");`);
    this.addSql(`create table "inbox_entry" (
      "consumer" text not null,
      "event_id" uuid not null,
      "subject" text not null,
      "processed_at" timestamptz not null default now(),
      primary key ("consumer", "event_id")
    );`);
  }

  override down(): void {
    this.addSql('drop table if exists "inbox_entry";');
    this.addSql('drop table if exists "outbox_message";');
  }
}
