import { Migration } from '@mikro-orm/migrations';

export class ConnectionsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "connection" (
      "id" uuid primary key,
      "requester_id" uuid not null,
      "recipient_id" uuid not null,
      "note" text null,
      "status" text not null check ("status" in ('pending', 'accepted', 'declined', 'withdrawn', 'removed', 'closed')),
      "created_at" timestamptz not null,
      "answered_at" timestamptz null,
      "ended_at" timestamptz null,
      check ("requester_id" <> "recipient_id")
    );`);
    // One live request or connection per pair, whichever of the two asked: two requests crossing
    // at the same instant cannot both be stored.
    this.addSql(`create unique index "connection_live_pair_uq" on "connection" (least("requester_id", "recipient_id"), greatest("requester_id", "recipient_id"))
      where "status" in ('pending', 'accepted');`);
    this.addSql('create index "connection_requester_idx" on "connection" ("requester_id", "created_at" desc);');
    this.addSql('create index "connection_recipient_idx" on "connection" ("recipient_id", "status", "created_at" desc);');
  }
}
